package dev.triage.platform.mongo.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;
import org.jspecify.annotations.Nullable;

/**
 * How the H2 store writes a collection's documents: as BSON behind a tag byte, instead of H2's default of Java
 * serialisation.
 *
 * <p>Why: every write of a document makes H2 write its page again at the next commit, and every page read back
 * decodes its documents. With Java serialisation those two were 36 % of the local store's CPU under load; BSON is
 * what the store already encodes for every reply, several times faster both ways and about half the size on disk.
 * Values written before (H2's own format, which starts with a type tag below {@link #BSON}) are read as before, so
 * existing data directories open unchanged and move to BSON as their documents are written again. A value BSON
 * cannot hold is still written in H2's format.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    /** A tag byte H2's {@link ObjectDataType} never writes (its tags are 0-19, 32-49 and 64-119). */
    static final byte BSON = 120;
    private static final int FIRST_GUESS = 1024;

    private final ObjectDataType h2Format = new ObjectDataType();
    /**
     * The least a document counts for when H2 decides to split a page (at 16 KB by default): about three documents
     * to a leaf page. Why: a page with one changed document is written whole at the next commit, every document in it
     * encoded again, so a page of thirty small documents cost thirty encodings per write (17 % of the store's CPU
     * under load); point reads, which are nearly all reads here, read fewer bytes too.
     */
    static final int LEAST_MEMORY = 5 * 1024;

    /** Twice the recent average encoded size: about the memory a decoded document takes. */
    private volatile int averageSize = FIRST_GUESS;

    @Override
    public int getMemory(Document document) {
        return Math.max(averageSize, LEAST_MEMORY);
    }

    @Override
    public void write(WriteBuffer out, Document document) {
        ByteBuf bson = encode(document);
        if (bson == null) {
            h2Format.write(out, document);
            return;
        }
        int length = bson.readableBytes();
        out.put(BSON).put(bson.array(), bson.arrayOffset(), length);
        remember(length);
    }

    @Override
    public Document read(ByteBuffer in) {
        int start = in.position();
        if (in.get(start) != BSON) {
            return (Document) h2Format.read(in);
        }
        // a BSON document starts with its own length (little-endian, including the length itself)
        int length = Integer.reverseBytes(in.getInt(start + 1));
        ByteBuf bson = Unpooled.wrappedBuffer(in.slice(start + 1, length));
        Document document = BsonDecoder.decodeBson(bson);
        in.position(start + 1 + length);
        remember(length);
        return document;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    private static @Nullable ByteBuf encode(Document document) {
        ByteBuf bson = Unpooled.buffer(FIRST_GUESS);
        try {
            BsonEncoder.encodeDocument(document, bson);
            return bson;
        } catch (RuntimeException notBson) {
            return null;
        }
    }

    private void remember(int encodedLength) {
        // memory in use is about twice the encoded size, the factor H2 itself applies to its serialised values
        averageSize = (encodedLength * 2 + 15 * averageSize) / 16;
    }
}
