package dev.signals.server.ws;

import java.util.List;

/** {@link SessionLogContract} on {@link SessionLog}, the log of a session in one node's memory. */
class SessionLogContractTest extends SessionLogContract {
    @Override
    protected Log log(int maxFrames, long maxBytes) {
        SessionLog log = new SessionLog(maxFrames, maxBytes);
        return new Log() {
            @Override
            public long append(String frame) {
                return log.append(frame);
            }

            @Override
            public void ack(long seq) {
                log.ack(seq);
            }

            @Override
            public List<String> after(long seq) {
                return log.canResumeAfter(seq) ? log.after(seq).stream().map(SessionLog.Entry::wire).toList() : null;
            }
        };
    }
}
