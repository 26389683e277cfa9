import type { ChangeListener } from '@flags/core';

/** The part of a postgres.js client `subscribe` uses. */
interface ListeningClient {
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListen?: () => void,
  ): Promise<{ unlisten(): Promise<void> }>;
}

/** The postgres.js client under a drizzle database, when there is one (node-postgres has no `listen`). */
export function listeningClientOf(db: unknown): ListeningClient | null {
  const client = (db as { $client?: Partial<ListeningClient> } | null)?.$client;
  return typeof client?.listen === 'function' ? (client as ListeningClient) : null;
}

/**
 * `LISTEN` on `channel` through postgres.js, which keeps a connection of its own for it (not one of
 * the pool's) and listens again after a reconnect. Notifications sent while it was reconnecting are
 * lost, so every re-listen also calls the listener: a reader then looks at the feed, which misses
 * nothing.
 */
export async function listen(
  client: ListeningClient,
  channel: string,
  listener: ChangeListener,
): Promise<() => Promise<void>> {
  let listens = 0;
  const call = () => {
    try {
      listener();
    } catch {
      // A listener's failure is its own; the next notification calls it again.
    }
  };
  const { unlisten } = await client.listen(channel, call, () => {
    listens += 1;
    if (listens > 1) call();
  });
  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= unlisten().catch(() => {});
    return stopped;
  };
}
