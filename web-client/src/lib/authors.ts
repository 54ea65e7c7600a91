/**
 * Who wrote or did something: a user; the application's backend in brackets when it acted itself (the server
 * API, with no user); "user (via backend)" when it acted for a user; "" when the room did (a ban that ran out).
 */
export const authorName = (userId: string, postedBy: string): string =>
  postedBy === "" ? userId : userId === "" ? `[${postedBy}]` : `${userId} (via ${postedBy})`;
