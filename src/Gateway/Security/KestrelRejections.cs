using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Spaces.Contracts;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Security;

/// <summary>
/// Gives the responses Kestrel writes on its own — a request it refuses before the app sees it (bad request line,
/// NUL in the path, request line or headers over its limits, header timeout) — a problem+json body with a stable
/// code. Kestrel has no hook for these; this connection middleware watches the connection's output for them.
/// </summary>
internal static class KestrelRejections
{
    /// <summary>Every endpoint Kestrel listens on, including ones a host adds in code later, gets the middleware.</summary>
    public static void AddProblemBodiesToKestrelRejections(this KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            connection.Transport = new RewritingPipe(connection.Transport);
            return next(connection);
        }));

    private sealed class RewritingPipe(IDuplexPipe transport) : IDuplexPipe
    {
        public PipeReader Input { get; } = transport.Input;

        public PipeWriter Output { get; } = new KestrelRejectionWriter(transport.Output);
    }
}

/// <summary>
/// Passes every write through unchanged, except one that is exactly a response head Kestrel builds for a request
/// it rejects: HTTP/1.1, status 4xx or 5xx, and no headers but <c>Content-Length: 0</c>, <c>Connection: close</c>,
/// <c>Date</c> and <c>Server</c>. Every response the app writes carries <c>X-Content-Type-Options</c>
/// (<see cref="SecurityHeaders"/>), so it never matches; HTTP/2 frames never start with a status line. Kestrel commits
/// that head in one write (a buffer of at least <see cref="MinimumBuffer"/> bytes is always handed out, which holds
/// it), then closes the connection.
/// </summary>
internal sealed class KestrelRejectionWriter(PipeWriter inner) : PipeWriter
{
    /// <summary>Room for Kestrel's whole error head in the buffer it writes into.</summary>
    public const int MinimumBuffer = 512;

    private static readonly byte[] StatusLinePrefix = "HTTP/1.1 "u8.ToArray();
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLengthZero = "content-length: 0"u8.ToArray();
    private static readonly byte[] ConnectionClose = "connection: close"u8.ToArray();
    private static readonly byte[][] KestrelHeaderNames = ["content-length:"u8.ToArray(), "connection:"u8.ToArray(), "date:"u8.ToArray(), "server:"u8.ToArray()];

    private Memory<byte> _handedOut;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _handedOut = inner.GetMemory(Math.Max(sizeHint, MinimumBuffer));

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        var handedOut = _handedOut;
        _handedOut = default;
        // Cheap first: only a write that starts like a status line is looked at further.
        if (bytes >= 16 && bytes <= handedOut.Length && handedOut.Span[0] == (byte)'H' &&
            IsKestrelRejectionHead(handedOut.Span[..bytes], out var status))
        {
            // Kestrel's head was never advanced into the pipe: the problem response is written in its place.
            inner.Write(KestrelRejectionProblems.Response(handedOut.Span[..bytes], status));
            return;
        }

        inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    internal static bool IsKestrelRejectionHead(ReadOnlySpan<byte> written, out int status)
    {
        status = 0;
        // "HTTP/1.1 400 X\r\n" at least, a 4xx or 5xx status, and nothing after the head's end.
        if (written.Length < 16 || !written.StartsWith(StatusLinePrefix) || written[9] is not ((byte)'4' or (byte)'5') ||
            !written.EndsWith(HeadEnd) || !int.TryParse(written.Slice(9, 3), out status))
        {
            return false;
        }

        var headers = written[(written.IndexOf("\r\n"u8) + 2)..^2];
        bool sawLengthZero = false, sawClose = false;
        while (!headers.IsEmpty)
        {
            var end = headers.IndexOf("\r\n"u8);
            var line = headers[..end];
            headers = headers[(end + 2)..];
            if (!IsKestrelHeader(line))
            {
                return false;
            }

            sawLengthZero |= Ascii.EqualsIgnoreCase(line, ContentLengthZero);
            sawClose |= Ascii.EqualsIgnoreCase(line, ConnectionClose);
        }

        return sawLengthZero && sawClose;
    }

    private static bool IsKestrelHeader(ReadOnlySpan<byte> line)
    {
        foreach (var name in KestrelHeaderNames)
        {
            if (line.Length >= name.Length && Ascii.EqualsIgnoreCase(line[..name.Length], name))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The problem each status Kestrel rejects with becomes: the status's stable code and a sentence.</summary>
internal static class KestrelRejectionProblems
{
    private static readonly byte[] ProblemHeaders = "Content-Type: application/problem+json\r\nX-Content-Type-Options: nosniff\r\n"u8.ToArray();

    /// <summary>A 400 from Kestrel is malformed HTTP, not a bad field; other statuses keep the app's code for them.</summary>
    public static string CodeOf(int status) => ProblemResponses.CodeOf(status) switch
    {
        _ when status == StatusCodes.Status400BadRequest => ErrorCodes.BadRequest,
        ErrorCodes.InternalError when status < 500 => ErrorCodes.BadRequest,
        var code => code,
    };

    private static string DetailOf(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "The request headers or body arrived too slowly.",
        StatusCodes.Status414UriTooLong => "The request line is longer than the server accepts.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are larger than the server accepts.",
        >= 500 => "The server failed before it could answer.",
        _ => "The request is not valid HTTP (request line, path or headers) and was refused before it was read.",
    };

    /// <summary>Kestrel's status line and headers, with the problem's type and length, then the problem.</summary>
    public static byte[] Response(ReadOnlySpan<byte> kestrelHead, int status)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            var code = CodeOf(status);
            json.WriteStartObject();
            json.WriteString("type", $"https://spaces.dev/problems/{code}");
            json.WriteString("title", Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status));
            json.WriteNumber("status", status);
            json.WriteString("code", code);
            json.WriteString("detail", DetailOf(status));
            json.WriteEndObject();
        }

        var response = new ArrayBufferWriter<byte>(kestrelHead.Length + ProblemHeaders.Length + body.WrittenCount + 32);
        var lines = kestrelHead[..^2];
        var statusLine = true;
        while (!lines.IsEmpty)
        {
            var end = lines.IndexOf("\r\n"u8) + 2;
            var line = lines[..end];
            lines = lines[end..];
            if (!line.StartsWith("Content-Length:"u8))
            {
                response.Write(line);
            }

            if (statusLine)
            {
                response.Write(ProblemHeaders);
                statusLine = false;
            }
        }

        response.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.WrittenCount}\r\n\r\n"));
        response.Write(body.WrittenSpan);
        return response.WrittenSpan.ToArray();
    }
}
