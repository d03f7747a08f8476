package dev.triage.platform.kafka;

import dev.triage.events.kafka.EventHeaders;
import dev.triage.platform.web.RequestIds;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/** Puts the request id of the record being consumed into the log context, so a job's logs join across services. */
class RequestIdRecordInterceptor implements RecordInterceptor<Object, Object> {

    @Override
    public @Nullable ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
            Consumer<Object, Object> consumer) {
        String requestId = EventHeaders.get(record.headers(), EventHeaders.REQUEST_ID);
        if (requestId != null) {
            MDC.put(RequestIds.MDC_KEY, requestId);
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        MDC.remove(RequestIds.MDC_KEY);
    }
}
