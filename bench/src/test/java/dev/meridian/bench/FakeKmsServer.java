package dev.meridian.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny in-process KMS stand-in for tests: answers CreateKey and DescribeKey (one key, {@code fake-key}, of the
 * spec the last CreateKey named, with a fixed list of algorithms per spec), Encrypt, Decrypt, GenerateDataKey,
 * Sign and GenerateMac (fixed answers), and Verify and VerifyMac, which accept only the fixed signature and MAC
 * (any other is AWS's error, so a run that verifies anything else counts errors).
 */
final class FakeKmsServer implements AutoCloseable {
    final List<FullHttpRequest> firstRequests = new CopyOnWriteArrayList<>();
    final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    final AtomicInteger requestCount = new AtomicInteger();
    /** The body of the first request of each operation ({@code X-Amz-Target}), and how many there were. */
    final Map<String, String> firstBodyByTarget = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> countByTarget = new ConcurrentHashMap<>();
    private static final String SIGNATURE = "c2lnbmF0dXJl";
    private static final String MAC = "bWFj";
    private static final Map<String, String> ALGORITHMS_BY_SPEC = Map.of(
            "SYMMETRIC_DEFAULT", "\"EncryptionAlgorithms\":[\"SYMMETRIC_DEFAULT\"]",
            "ECC_NIST_P256", "\"SigningAlgorithms\":[\"ECDSA_SHA_256\"]",
            "RSA_2048", "\"SigningAlgorithms\":[\"RSASSA_PKCS1_V1_5_SHA_256\",\"RSASSA_PSS_SHA_256\"]",
            "HMAC_256", "\"MacAlgorithms\":[\"HMAC_SHA_256\"]");
    private volatile String keySpec = "SYMMETRIC_DEFAULT";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;
    private final int failEveryNth;

    FakeKmsServer(int failEveryNth) throws InterruptedException {
        this.failEveryNth = failEveryNth;
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) serverChannel.localAddress()).getPort());
    }

    @Override
    public void close() {
        serverChannel.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            int number = requestCount.incrementAndGet();
            if (firstRequests.size() < 4) {
                firstRequests.add(request.retainedDuplicate());
            }
            String target = request.headers().get("X-Amz-Target", "");
            JsonNode requestBody = readTree(request);
            firstBodyByTarget.putIfAbsent(target, requestBody.toString());
            countByTarget.computeIfAbsent(target, name -> new AtomicInteger()).incrementAndGet();
            HttpResponseStatus status = HttpResponseStatus.OK;
            String body = switch (target) {
                case "TrentService.CreateKey" -> {
                    keySpec = requestBody.path("KeySpec").asText("SYMMETRIC_DEFAULT");
                    yield keyMetadata();
                }
                case "TrentService.DescribeKey" -> keyMetadata();
                case "TrentService.Encrypt" -> "{\"CiphertextBlob\":\"Y2lwaGVy\",\"KeyId\":\"fake-key\"}";
                case "TrentService.Decrypt" -> "{\"Plaintext\":\"cGxhaW4=\",\"KeyId\":\"fake-key\"}";
                case "TrentService.GenerateDataKey" -> "{\"Plaintext\":\"cGxhaW4=\",\"CiphertextBlob\":\"Y2lwaGVy\"}";
                case "TrentService.Sign" -> "{\"Signature\":\"" + SIGNATURE + "\",\"KeyId\":\"fake-key\"}";
                case "TrentService.Verify" -> SIGNATURE.equals(requestBody.path("Signature").asText())
                        ? "{\"SignatureValid\":true,\"KeyId\":\"fake-key\"}" : null;
                case "TrentService.GenerateMac" -> "{\"Mac\":\"" + MAC + "\",\"KeyId\":\"fake-key\"}";
                case "TrentService.VerifyMac" -> MAC.equals(requestBody.path("Mac").asText())
                        ? "{\"MacValid\":true,\"KeyId\":\"fake-key\"}" : null;
                default -> null;
            };
            if (body == null || (failEveryNth > 0 && number % failEveryNth == 0)) {
                status = HttpResponseStatus.BAD_REQUEST;
                body = "{\"__type\":\"ValidationException\",\"message\":\"fake failure\"}";
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, RequestSigner.CONTENT_TYPE);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            context.writeAndFlush(response);
        }

        private String keyMetadata() {
            return "{\"KeyMetadata\":{\"KeyId\":\"fake-key\",\"KeySpec\":\"" + keySpec + "\","
                    + ALGORITHMS_BY_SPEC.getOrDefault(keySpec, "\"SigningAlgorithms\":[]") + "}}";
        }

        private JsonNode readTree(FullHttpRequest request) {
            try {
                return MAPPER.readTree(request.content().toString(StandardCharsets.UTF_8));
            } catch (JsonProcessingException exception) {
                return MAPPER.createObjectNode();
            }
        }
    }
}
