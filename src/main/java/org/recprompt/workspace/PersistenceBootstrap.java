package org.recprompt.workspace;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.orm.jpa.EntityManagerFactoryBuilderCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Overlaps Hibernate's bootstrap with the web server's start. Spring made the web server (Tomcat,
 * with Vaadin's servlet initialisation and its class scans, about 1 s) and then the singletons
 * (the database pool, Flyway, then Hibernate's entity manager factory, about 0.5 s), one after
 * the other on the main thread, though neither needs the other. Here the factory is asked for
 * when the web server's factory is customised, before the web server is made: the pool opens and
 * Flyway migrates or validates on the main thread as before, and Hibernate builds on a thread of
 * its own (Spring's {@code bootstrapExecutor}) while the main thread starts Tomcat and Vaadin;
 * whatever uses the factory first (the repositories) waits for it. The same beans, the same
 * database work in the same order; a failure of Hibernate's (a schema that does not validate)
 * still stops the start (docs/PERFORMANCE.md, "Issue 22, fourth pass").
 */
@Configuration(proxyBeanMethods = false)
class PersistenceBootstrap {

    @Bean
    EntityManagerFactoryBuilderCustomizer hibernateOnItsOwnThread() {
        return builder -> builder.setBootstrapExecutor(new SimpleAsyncTaskExecutor("jpa-bootstrap-"));
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> persistenceBeforeTheWebServer(
            ObjectProvider<EntityManagerFactory> entityManagerFactory) {
        return factory -> entityManagerFactory.getIfAvailable();
    }
}
