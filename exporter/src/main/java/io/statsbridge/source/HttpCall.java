package io.statsbridge.source;

import io.statsbridge.log.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One upstream HTTP exchange with the classification every source shares: timeouts, 429 with the
 * upstream's wait, 5xx as transient, a redirect as a final error saying where to (not followed),
 * other non-2xx as final errors carrying the upstream's own error text, and bodies bounded in size.
 */
public final class HttpCall {
  /** Larger than a 7,500-row Datadog answer by far; bigger bodies are hostile or broken. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;

  /** How much of an error body is read for its text; only its start is ever shown. */
  static final int ERROR_BODY_CHARS = 64 * 1024;

  /** How a source reads its upstream's error bodies and rate-limit headers. */
  public interface Dialect {
    /** A short human text from an error body (never containing secrets); empty if none. */
    String errorText(String body);

    /** How long a 429 asks us to wait, if it says: by default, what {@code Retry-After} says. */
    default Optional<Duration> retryAfter(Headers headers) {
      return RetryAfter.seconds(headers, "Retry-After");
    }
  }

  /** A 2xx response's headers and body. */
  public record Reply(Headers headers, String body) {}

  /**
   * Reads a 2xx body as it arrives, so that a large answer is never held whole. The stream ends
   * with an error past the size cap; malformed content is the reader's to report, as {@code
   * SourceException}.
   */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(InputStream body, Headers headers) throws IOException, SourceException;
  }

  private final OkHttpClient http;
  private final Dialect dialect;
  private final long maxBodyBytes;
  private final Redactor redactor;

  /**
   * @param redactor applied to every upstream text and I/O message before it is cut short
   */
  public HttpCall(OkHttpClient http, Dialect dialect, long maxBodyBytes, Redactor redactor) {
    this.http = http;
    this.dialect = dialect;
    this.maxBodyBytes = maxBodyBytes;
    this.redactor = redactor;
  }

  /**
   * Executes {@code request}; {@code onHeaders} sees every response's headers (for rate-limit
   * bookkeeping), even failed ones.
   */
  public Reply execute(Request request, Deadline deadline, Consumer<Headers> onHeaders)
      throws SourceException {
    return execute(
        request,
        deadline,
        onHeaders,
        (in, headers) -> new Reply(headers, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
  }

  /** As {@link #execute(Request, Deadline, Consumer)}, reading a 2xx body with {@code reader}. */
  public <T> T execute(
      Request request, Deadline deadline, Consumer<Headers> onHeaders, BodyReader<T> reader)
      throws SourceException {
    String what = request.method() + " " + request.url().encodedPath();
    Duration timeout = deadline.nextRequest(what);
    Call call = http.newCall(request);
    call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    deadline.started(call);
    try (Response response = call.execute()) {
      onHeaders.accept(response.headers());
      int code = response.code();
      if (code >= 200 && code < 300) {
        try (InputStream body = new Bounded(response.body().byteStream(), maxBodyBytes)) {
          return reader.read(body, response.headers());
        } catch (Bounded.TooLarge e) {
          throw new SourceException(
              SourceException.Kind.ERROR,
              what + ": response body larger than " + maxBodyBytes + " bytes");
        }
      }
      String said = code >= 300 && code < 400 ? redirect(response) : errorText(response);
      String message = what + ": HTTP " + code + (said.isEmpty() ? "" : ": " + said);
      if (code == 429) {
        throw new SourceException(
            SourceException.Kind.RATE_LIMITED,
            message,
            dialect.retryAfter(response.headers()).orElse(null),
            null,
            code);
      }
      if (code >= 500) {
        throw new SourceException(SourceException.Kind.TRANSIENT, message, null, null, code);
      }
      throw new SourceException(SourceException.Kind.ERROR, message, null, null, code);
    } catch (SourceException e) {
      throw e;
    } catch (InterruptedIOException e) {
      throw new SourceException(
          SourceException.Kind.TIMEOUT,
          what + ": timed out after " + timeout.toMillis() + "ms",
          null,
          e);
    } catch (IOException e) {
      if (deadline.cancelled()) {
        throw new SourceException(SourceException.Kind.TIMEOUT, what + ": poll cancelled", null, e);
      }
      // A socket timeout is an InterruptedIOException, a timeout above.
      Optional<ProxyRefused> refused = proxyRefused(e);
      if (refused.isPresent()) {
        throw new SourceException(
            SourceException.Kind.ERROR,
            what + ": " + clean(redactor.apply(refused.get().getMessage())),
            null,
            e);
      }
      throw new SourceException(
          SourceException.Kind.TRANSIENT,
          what + ": " + clean(redactor.apply(describe(e))) + " (" + request.url().host() + ")",
          null,
          e);
    } finally {
      deadline.finished(call);
    }
  }

  /**
   * What a 3xx says: the address it points at, resolved against the request's and masked. Clients
   * do not follow redirects (an upstream's redirect to another host would take the credentials
   * along), so the message says where to point the source instead.
   */
  private String redirect(Response response) {
    String location = response.header("Location");
    if (location == null || location.isBlank()) {
      return "the upstream redirected without saying where (no Location header); not followed";
    }
    HttpUrl target = response.request().url().resolve(location);
    String where = target == null ? location : target.toString();
    return "the upstream redirected to "
        + clean(redactor.apply(where))
        + " (not followed: point the source's url at the new address)";
  }

  /**
   * The upstream's own text of an error. Only the start of the body is read; it is masked before
   * anything cuts it shorter, so no prefix of a secret survives.
   */
  private String errorText(Response response) throws IOException {
    String head = readStart(response.body().byteStream());
    return clean(dialect.errorText(redactor.apply(head)));
  }

  /** A proxy's 407, wherever OkHttp put it: thrown as is, or kept beside another route's error. */
  private static Optional<ProxyRefused> proxyRefused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProxyRefused refused) {
        return Optional.of(refused);
      }
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof ProxyRefused refused) {
          return Optional.of(refused);
        }
      }
    }
    return Optional.empty();
  }

  private static String readStart(InputStream body) throws IOException {
    return new String(body.readNBytes(ERROR_BODY_CHARS), StandardCharsets.UTF_8);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Upstream text goes to logs and HTML: one line, bounded. */
  public static String clean(String text) {
    String oneLine = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
  }
}
