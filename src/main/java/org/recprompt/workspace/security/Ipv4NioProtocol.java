package org.recprompt.workspace.security;

import java.lang.reflect.Field;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;

import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO connector, except that an IPv4 bind address (127.0.0.1 by default) is bound on an
 * IPv4 socket: Java's default dual-stack socket would listen on ::ffff:127.0.0.1, which is the same
 * loopback address but does not read as one to tools such as ss or a firewall rule. IPv6 addresses,
 * inherited channels and Unix sockets are left to Tomcat.
 */
public class Ipv4NioProtocol extends Http11NioProtocol {

    public Ipv4NioProtocol() {
        super(new Ipv4Endpoint());
    }

    static final class Ipv4Endpoint extends NioEndpoint {

        private static final Logger LOG = LoggerFactory.getLogger(Ipv4NioProtocol.class);

        @Override
        protected void initServerSocket() throws Exception {
            Field field = serverSocketField();
            if (!(getAddress() instanceof Inet4Address) || getUseInheritedChannel() || getUnixDomainSocketPath() != null
                    || field == null) {
                super.initServerSocket();
                return;
            }
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET);
            getSocketProperties().setProperties(channel.socket());
            channel.bind(new InetSocketAddress(getAddress(), getPortWithOffset()), getAcceptCount());
            channel.configureBlocking(true);
            field.set(this, channel);
        }

        private static Field serverSocketField() {
            try {
                Field field = NioEndpoint.class.getDeclaredField("serverSock");
                field.setAccessible(true);
                return field.getType() == ServerSocketChannel.class ? field : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("Tomcat's connector changed; binding with its own (dual-stack) socket: {}", e.toString());
                return null;
            }
        }
    }
}
