package dev.triage.gateway.services;

import dev.triage.gateway.GatewayProperties;
import java.net.URI;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Builds the clients of the internal APIs with the configured timeouts. */
final class InternalClients {

    private InternalClients() {
    }

    static RestClient client(URI baseUrl, GatewayProperties.Timeouts timeouts) {
        var factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(timeouts.connect());
        factory.setReadTimeout(timeouts.read());
        return RestClient.builder().baseUrl(baseUrl.toString()).requestFactory(factory).build();
    }
}
