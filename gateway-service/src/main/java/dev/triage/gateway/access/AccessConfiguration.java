package dev.triage.gateway.access;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Puts the {@link AccessFilter} right behind the request-id filter, in front of everything else. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessTable accessTable() {
        return AccessTable.v2();
    }

    @Bean
    FilterRegistrationBean<AccessFilter> accessFilter(AccessTable table, Identities identities, RateLimiter rateLimiter,
            AccessProperties properties, JsonMapper json, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new AccessFilter(table, identities, rateLimiter, properties, json, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        return registration;
    }

    /** The servlet container, with its own refusals answered in the platform error body ({@link ContainerErrorReport}). */
    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
        return new TomcatServletWebServerFactory() {
            @Override
            protected void postProcessContext(Context context) {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ContainerErrorReport.class.getName());
                }
            }
        };
    }

    @Bean
    AccessErrorAttributes accessErrorAttributes() {
        return new AccessErrorAttributes();
    }
}
