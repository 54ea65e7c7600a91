import { Code, ConnectError, type Client } from "@connectrpc/connect";
import type { AttachmentService } from "../gen/realtime/chat/v1/attachments_pb";
import type { AttachmentRef } from "../gen/realtime/chat/v1/chat_pb";
import { h } from "./dom";

/** Tries of one download: a broken one continues at the byte it reached, so each try only fetches what is missing. */
const Attempts = 5;

/** Fetches a shared file into memory; a stream broken midway resumes from the bytes already received. */
const downloadAttachment = async (client: Client<typeof AttachmentService>, attachmentId: string, contentType: string): Promise<Blob> => {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let received = 0n;
  for (let attempt = 1; ; attempt++) {
    try {
      for await (const chunk of client.downloadAttachment({ attachmentId, startOffset: received })) {
        parts.push(new Uint8Array(chunk.data));
        received += BigInt(chunk.data.length);
      }
      return new Blob(parts, { type: contentType });
    } catch (error) {
      const transient = error instanceof ConnectError && [Code.Unavailable, Code.Internal, Code.Unknown, Code.Aborted].includes(error.code);
      if (!transient || attempt === Attempts) throw error;
    }
  }
};

/** Fetches a shared file and hands it to the browser as a download under its own name. */
export const saveAttachment = async (client: Client<typeof AttachmentService>, file: AttachmentRef): Promise<void> => {
  const url = URL.createObjectURL(await downloadAttachment(client, file.attachmentId, file.contentType));
  h("a", { href: url, download: file.fileName }).click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};
