import { create } from "@bufbuild/protobuf";
import { createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import type { ChangeAck, ChangeMessageInSessionRequest } from "../gen/realtime/chat/v1/changes_pb";
import { ChatService, type JoinRoom, type MessageAck, type RoomJoined, type SendMessage, type SetTyping } from "../gen/realtime/chat/v1/chat_pb";
import { CollaborationService, type DocumentOpened, type EditAck, type OpenDocument, type SubmitEdit, type UpdateCursor } from "../gen/realtime/collab/v1/collab_pb";
import { GameService, type GameJoined, type JoinGame, type SendInput } from "../gen/realtime/game/v1/game_pb";
import { OpenSessionRequestSchema, SessionService, type SessionFrame } from "../gen/realtime/session/v1/session_pb";

/** What a session needs of the server: its one stream and the unary commands that name it. */
export interface SessionApi {
  openSession(signal: AbortSignal): AsyncIterable<SessionFrame>;
  joinRoom(sessionId: string, join: JoinRoom): Promise<RoomJoined>;
  leaveRoom(sessionId: string, roomId: string): Promise<void>;
  sendMessage(sessionId: string, send: SendMessage): Promise<MessageAck>;
  setTyping(sessionId: string, typing: SetTyping): Promise<void>;
  changeMessage(sessionId: string, change: ChangeMessageInSessionRequest["change"]): Promise<ChangeAck>;
  openDocument(sessionId: string, open: OpenDocument): Promise<DocumentOpened>;
  closeDocument(sessionId: string, documentId: string): Promise<void>;
  submitEdit(sessionId: string, edit: SubmitEdit): Promise<EditAck>;
  updateCursor(sessionId: string, cursor: UpdateCursor): Promise<void>;
  joinGame(sessionId: string, join: JoinGame): Promise<GameJoined>;
  leaveGame(sessionId: string, gameId: string): Promise<void>;
  sendInput(sessionId: string, input: SendInput): Promise<void>;
}

/** A gRPC-Web transport to the server's web port that sends the current token with every call. */
export const webTransport = (baseUrl: string, token: () => string): Transport => {
  const bearer: Interceptor = (next) => (request) => {
    request.header.set("authorization", `Bearer ${token()}`);
    return next(request);
  };
  return createGrpcWebTransport({ baseUrl, interceptors: [bearer] });
};

/** The SessionApi over gRPC-Web. */
export const grpcWebSessionApi = (transport: Transport): SessionApi => {
  const sessions = createClient(SessionService, transport);
  const chat = createClient(ChatService, transport);
  const collab = createClient(CollaborationService, transport);
  const games = createClient(GameService, transport);
  return {
    openSession: (signal) => sessions.openSession(create(OpenSessionRequestSchema), { signal }),
    joinRoom: async (sessionId, join) => (await chat.joinRoomInSession({ sessionId, join })).joined!,
    leaveRoom: async (sessionId, roomId) => void (await chat.leaveRoomInSession({ sessionId, roomId })),
    sendMessage: async (sessionId, send) => (await chat.sendMessageInSession({ sessionId, send })).ack!,
    setTyping: async (sessionId, typing) => void (await chat.setTypingInSession({ sessionId, typing })),
    changeMessage: async (sessionId, change) => (await chat.changeMessageInSession({ sessionId, change })).ack!,
    openDocument: async (sessionId, open) => (await collab.openDocumentInSession({ sessionId, open })).opened!,
    closeDocument: async (sessionId, documentId) => void (await collab.closeDocumentInSession({ sessionId, documentId })),
    submitEdit: async (sessionId, edit) => (await collab.submitEditInSession({ sessionId, edit })).ack!,
    updateCursor: async (sessionId, cursor) => void (await collab.updateCursorInSession({ sessionId, cursor })),
    joinGame: async (sessionId, join) => (await games.joinGameInSession({ sessionId, join })).joined!,
    leaveGame: async (sessionId, gameId) => void (await games.leaveGameInSession({ sessionId, gameId })),
    sendInput: async (sessionId, input) => void (await games.sendInputInSession({ sessionId, input })),
  };
};
