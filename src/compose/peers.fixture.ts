import type { PeerMessage, Peers } from "./peers.js";

/** Workers joined as the primary joins them: what one publishes reaches every other, never itself. */
export function workers(count: number): { peers: Peers[]; sent: PeerMessage[] } {
  const handlers: Array<Array<(m: PeerMessage) => void>> = Array.from({ length: count }, () => []);
  const sent: PeerMessage[] = [];
  const peers = handlers.map((_, self): Peers => ({
    publish: (message) => {
      sent.push(message);
      handlers.forEach((hs, i) => { if (i !== self) for (const h of hs) h(message); });
    },
    subscribe: (handler) => { handlers[self]!.push(handler); },
  }));
  return { peers, sent };
}
