package org.recprompt.backend.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.recprompt.backend.Failure;

/** A body that ended early (a server stopping while it answered) is a network failure, retried; a whole body that is not JSON stays malformed. */
class FailureMapperEndedEarlyTest {

    private static Throwable parsing(String body) {
        try {
            new ObjectMapper().readValue(body, Map.class);
        } catch (Exception e) {
            return new RuntimeException(e); // as the HTTP client's caller wraps it
        }
        throw new AssertionError("parsed: " + body);
    }

    @Test
    void anEmptyOrCutBodyIsANetworkFailureAndRetried() {
        for (String body : new String[] {"", "{\"choices\": [ {\"message\": {\"content\": \"1. Heat"}) {
            Failure f = FailureMapper.map(parsing(body), null, null);
            assertEquals(Failure.Kind.NETWORK, f.kind(), f.message());
            assertTrue(f.kind().retryable());
            assertTrue(f.message().startsWith("the connection ended before the whole answer"), f.message());
        }
    }

    @Test
    void aWholeBodyThatIsNotJsonStaysMalformed() {
        for (String body : new String[] {"<html>busy</html>", "{\"a\": nope}"}) {
            assertEquals(Failure.Kind.MALFORMED_RESPONSE, FailureMapper.map(parsing(body), null, null).kind(), body);
        }
    }
}
