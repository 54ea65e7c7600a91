import { Code, ConnectError } from "@connectrpc/connect";
import type { Backoff } from "./backoff";

/** Failures that say "not now" rather than "no": the server, a grain or the network is passing through a fault. */
export const inPassing = (error: ConnectError) =>
  [Code.Unavailable, Code.Unknown, Code.DeadlineExceeded, Code.Aborted, Code.Canceled, Code.NotFound, Code.Internal].includes(error.code);

/**
 * Runs `call` until it answers. A failure in passing (or one `alsoInPassing` accepts) is tried again
 * after the backoff's next pause, for as long as `stillWanted()`; then the result is undefined. A
 * failure for good is thrown, as a ConnectError.
 */
export async function retryInPassing<T>(
  call: () => Promise<T>,
  backoff: Backoff,
  stillWanted: () => boolean,
  alsoInPassing: (failure: ConnectError) => boolean = () => false,
): Promise<T | undefined> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const failure = ConnectError.from(error);
      if (!inPassing(failure) && !alsoInPassing(failure)) throw failure;
      await new Promise((resolve) => setTimeout(resolve, backoff.next()));
      if (!stillWanted()) return undefined;
    }
  }
}
