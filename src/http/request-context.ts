import type { ClientWatch, EdgeFacts, Principal, RequestContext, RequestNotes } from "../kernel/index.js";
import type { Exchange } from "./exchange.js";

/**
 * The context the pipeline hands every step once the caller is known: the edge's facts, the
 * principal, the notes. Its AbortSignal is the exchange's, made only when a step reads it (node's
 * AbortSignal makes three hidden classes of its own each time, and most requests need only to
 * hear the client leave: `clientGone`). A class, so the getter is the prototype's: a literal with
 * a getter is a dictionary-mode object per request (docs/PERFORMANCE.md, "Promoted requests").
 */
export class PipelineContext implements RequestContext {
  declare readonly requestId: string;
  declare readonly receivedAt: Date;
  declare readonly sourceIp: string;
  declare readonly listener: string;
  declare readonly sourceVpce?: string;
  declare readonly vpcSourceIp?: string;
  declare readonly clientCertificate?: EdgeFacts["clientCertificate"];
  declare readonly secureTransport: boolean;
  declare readonly tls?: EdgeFacts["tls"];
  declare readonly userAgent?: string;
  declare readonly region: string;
  readonly principal: Principal;
  readonly notes: RequestNotes;
  readonly clientGone: ClientWatch;
  readonly #exchange: Exchange;

  constructor(edge: EdgeFacts, principal: Principal, notes: RequestNotes, exchange: Exchange) {
    // The edge's members as they are (an absent optional one stays absent, as in the spread this replaced).
    Object.assign(this, edge);
    this.principal = principal;
    this.notes = notes;
    this.clientGone = exchange.clientGone;
    this.#exchange = exchange;
  }

  get signal(): AbortSignal {
    return this.#exchange.signal;
  }
}
