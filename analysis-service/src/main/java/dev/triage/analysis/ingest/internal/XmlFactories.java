package dev.triage.analysis.ingest.internal;

import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.XmlEngine;
import java.lang.reflect.InvocationTargetException;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/** Creates StAX input factories that never read a DTD or resolve an entity, whatever the implementation. */
public final class XmlFactories {

    private XmlFactories() {
    }

    public static XMLInputFactory create(XmlEngine engine, IngestLimits limits) {
        XMLInputFactory factory = switch (engine) {
            case JDK -> XMLInputFactory.newDefaultFactory();
            case WOODSTOX -> instantiate("com.ctc.wstx.stax.WstxInputFactory", engine);
            case AALTO -> instantiate("com.fasterxml.aalto.stax.InputFactoryImpl", engine);
        };
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        trySet(factory, XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("External entities are never resolved: " + systemId);
        });
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // the JDK parser's own depth limit (100 by default since JDK 25) would fire first with a less precise error
        trySet(factory, "jdk.xml.maxElementDepth", String.valueOf(limits.maxDepth() + 1));
        // Woodstox has its own limits; set them too so it fails fast even without InputGuard in front
        trySet(factory, "com.ctc.wstx.maxAttributeSize", limits.maxMarkupBytes());
        trySet(factory, "com.ctc.wstx.maxElementDepth", limits.maxDepth() + 1);
        trySet(factory, "com.ctc.wstx.maxEntityCount", 0L);
        return factory;
    }

    private static XMLInputFactory instantiate(String className, XmlEngine engine) {
        try {
            return (XMLInputFactory) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("XML engine " + engine + " is not on the class path (" + className + ")", e);
        } catch (ReflectiveOperationException | ClassCastException e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            throw new IllegalStateException("XML engine " + engine + " cannot be created", cause);
        }
    }

    private static void trySet(XMLInputFactory factory, String name, Object value) {
        try {
            if (factory.isPropertySupported(name)) {
                factory.setProperty(name, value);
            }
        } catch (IllegalArgumentException unsupported) {
            // not every implementation knows every property; the others are still set
        }
    }
}
