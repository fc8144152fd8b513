using System.Net.WebSockets;

namespace Spaces.Gateway.Realtime;

/// <summary>
/// The send half of a socket: frames queue under a lock and one writer at a time sends them in order. The writer
/// exists only while there is something to send — it is queued to the thread pool by the frame that finds the
/// socket idle and ends when the queue is empty — so an idle socket holds no parked task and no waiting operation.
/// </summary>
internal sealed partial class ClientConnection : IThreadPoolWorkItem
{
    private readonly Lock _gate = new();

    // Guarded by _gate.
    private FrameQueue _waiting;
    private bool _writing;                      // a writer is queued or running; only then may anything be sent
    private CloseReason? _close;                // decided: the frames queued before it go, then this close, then nothing
    private bool _closeTaken;                   // a writer has taken the close (or the socket broke)
    private bool _readEnded;                    // RunAsync is finishing: a close needs no deadline for the client's answer
    private TaskCompletionSource? _writerEnded; // only while RunAsync waits for a running writer

    /// <summary>Whether a writer is queued or running (for tests: an idle socket has none).</summary>
    internal bool IsWriting
    {
        get
        {
            lock (_gate)
            {
                return _writing;
            }
        }
    }

    /// <summary>Queues a frame without waiting; when <see cref="RealtimeOptions.SendQueueCapacity"/> frames already wait, the client is dropped as slow instead.</summary>
    public void Send(ReadOnlyMemory<byte> frame)
    {
        bool slow = false, startWriter;
        lock (_gate)
        {
            if (_close is not null)
            {
                return;
            }

            if (_waiting.Count >= _options.SendQueueCapacity)
            {
                _close = CloseReason.Slow;
                slow = true;
            }
            else
            {
                _waiting.Enqueue(frame);
            }

            startWriter = ClaimWriter();
        }

        if (slow)
        {
            _metrics.SlowClientDropped();
        }

        if (startWriter)
        {
            StartWriter();
        }
    }

    /// <summary>Closes with 4001 once the frames already queued are sent; called by <see cref="TokenExpiryScheduler"/>.</summary>
    public void CloseForExpiredToken() => StopSending(CloseReason.Expired);

    /// <summary>Sends nothing queued after this and has the writer close with <paramref name="reason"/>; false if already closing.</summary>
    private bool StopSending(CloseReason reason)
    {
        bool startWriter;
        lock (_gate)
        {
            if (_close is not null)
            {
                return false;
            }

            _close = reason;
            startWriter = ClaimWriter();
        }

        if (startWriter)
        {
            StartWriter();
        }

        return true;
    }

    /// <summary>Under the lock: true when the caller must start the writer (none was running).</summary>
    private bool ClaimWriter()
    {
        if (_writing)
        {
            return false;
        }

        _writing = true;
        return true;
    }

    /// <summary>
    /// On the thread pool, never inline: the caller is a broadcast going through every socket of a Space (under the
    /// feed's lock), and a send, even one that completes at once, is a system call it must not wait for. The connection
    /// is the work item itself, so starting a writer allocates nothing.
    /// </summary>
    private void StartWriter() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    void IThreadPoolWorkItem.Execute() => _ = WriteAsync();

    /// <summary>
    /// The writer: sends waiting frames in order, then the close if one was decided, and ends as soon as nothing
    /// waits. Started only by whoever claimed it under the lock, so there is never more than one.
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            while (TakeNext(out var frame, out var close, out var answerDeadline))
            {
                if (close is null)
                {
                    var sending = _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    // Almost every send completes at once (the kernel takes the bytes); only one that waits gets a deadline,
                    // so the hot path arms no timer per frame.
                    await (sending.IsCompleted ? sending : new ValueTask(sending.AsTask().WaitAsync(_options.SendTimeout, _time)));
                }
                else
                {
                    await CloseOutputAsync(close);
                    if (answerDeadline)
                    {
                        _ = AbortUnlessCloseAnsweredAsync();
                    }
                }
            }
        }
        catch (Exception e)
        {
            // A send that outlasted SendTimeout cannot finish: the client is slow. Anything else means the socket is
            // gone, or broke in a way not foreseen. Either way nothing more is sent on it, and RunAsync must not wait
            // for this writer; an unforeseen failure ends the socket too, so the client reconnects.
            var timedOut = e is TimeoutException;
            if (SendNothingMore(timedOut ? CloseReason.Slow : CloseReason.Normal) && timedOut)
            {
                _metrics.SlowClientDropped();
            }

            if (timedOut || e is not (WebSocketException or OperationCanceledException or ObjectDisposedException))
            {
                // Before the writer ends: the read loop ends with the abort, and the socket is disposed only after that.
                _socket.Abort();
            }

            lock (_gate)
            {
                EndWriter();
            }
        }
    }

    /// <summary>The writer's next step: a frame, else the decided close once; false ends the writer (the socket is idle).</summary>
    private bool TakeNext(out ReadOnlyMemory<byte> frame, out CloseReason? close, out bool answerDeadline)
    {
        lock (_gate)
        {
            close = null;
            answerDeadline = false;
            if (_waiting.TryDequeue(out frame))
            {
                return true;
            }

            if (_close is not null && !_closeTaken)
            {
                _closeTaken = true;
                close = _close;
                answerDeadline = !_readEnded;
                return true;
            }

            EndWriter();
            return false;
        }
    }

    /// <summary>The socket broke under the writer: nothing more is queued or sent. True if this decided the close.</summary>
    private bool SendNothingMore(CloseReason reason)
    {
        lock (_gate)
        {
            var decided = _close is null;
            _close ??= reason;
            _closeTaken = true;
            _waiting.Clear();
            return decided;
        }
    }

    /// <summary>Under the lock.</summary>
    private void EndWriter()
    {
        _writing = false;
        _writerEnded?.TrySetResult();
    }

    /// <summary>
    /// Once the read has ended: a close already decided still goes out after the frames queued before it; otherwise
    /// the client is closing or gone, so what waits is dropped and the handshake is completed. Returns when no
    /// writer runs any more, so the socket may be disposed.
    /// </summary>
    private async Task FinishSendingAsync()
    {
        Task? runningWriter = null;
        var writeHere = false;
        lock (_gate)
        {
            _readEnded = true;
            if (_close is null)
            {
                _close = CloseReason.Normal;
                _waiting.Clear();
            }

            if (_writing)
            {
                _writerEnded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                runningWriter = _writerEnded.Task;
            }
            else
            {
                writeHere = ClaimWriter();
            }
        }

        if (runningWriter is not null)
        {
            await runningWriter;
        }
        else if (writeHere)
        {
            await WriteAsync();
        }
    }
}
