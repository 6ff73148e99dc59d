import type { MetaStore } from "../../store/port.js";
import type { CreateAccountStatusView } from "./views.js";

const KEY = (id: string): string => `organizations.create-account-status.${id}`;
const INDEX = "organizations.create-account-failures";
/** Only the latest failures are listed; each stays readable by id. */
const LISTED = 100;

interface Stored {
  readonly id: string;
  readonly accountName: string;
  readonly failureReason: string;
  readonly requestedAt: string;
}

/**
 * CreateAccount requests that failed (a duplicate email) leave no account to derive their
 * status from, yet callers poll DescribeCreateAccountStatus for them, on any node. Until the
 * organisation store has a table for request statuses, they are kept as settings: one per
 * request, and a short index for ListCreateAccountStatus (two racing failures may drop one
 * from the list, never from DescribeCreateAccountStatus).
 */
export class FailedRequests {
  constructor(private readonly meta: MetaStore) {}

  async record(status: CreateAccountStatusView & { failureReason: string; accountName: string }): Promise<void> {
    const stored: Stored = { id: status.id, accountName: status.accountName, failureReason: status.failureReason, requestedAt: status.requestedAt.toISOString() };
    await this.meta.set(KEY(status.id), JSON.stringify(stored));
    const ids = await this.#index();
    await this.meta.set(INDEX, JSON.stringify([...ids.filter((id) => id !== status.id), status.id].slice(-LISTED)));
  }

  async get(id: string): Promise<CreateAccountStatusView | undefined> {
    const text = await this.meta.get(KEY(id));
    if (text === undefined) return undefined;
    const s = JSON.parse(text) as Stored;
    const at = new Date(s.requestedAt);
    return { id: s.id, accountName: s.accountName, state: "FAILED", requestedAt: at, completedAt: at, failureReason: s.failureReason };
  }

  async list(): Promise<CreateAccountStatusView[]> {
    const found = await Promise.all((await this.#index()).map((id) => this.get(id)));
    return found.filter((s): s is CreateAccountStatusView => s !== undefined);
  }

  async #index(): Promise<string[]> {
    const text = await this.meta.get(INDEX);
    if (text === undefined) return [];
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  }
}
