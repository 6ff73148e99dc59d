import { Worker } from "node:worker_threads";
import type { Subtree } from "./constraints.js";
import type { CertificateAndKey } from "./issue.js";
import type { SanEntry } from "./names.js";

/** What issue.ts is asked to make: the CA, or a server certificate signed by it. */
export type IssueRequest =
  | { readonly kind: "ca"; readonly now: Date; readonly permitted: readonly Subtree[] }
  | { readonly kind: "server"; readonly ca: CertificateAndKey; readonly names: readonly SanEntry[]; readonly now: Date };

/**
 * Makes a certificate in a thread of its own, which ends once it has answered. issue.ts needs
 * @peculiar/x509 and the ASN.1 and dependency-injection libraries behind it: loaded in the
 * server, they stayed resident for its whole life after a start that made a certificate (a
 * first start, a renewal), ~3 MiB of an idle worker (issue 13, docs/PERFORMANCE.md); in the
 * thread, its heap goes with it. Starting the thread costs tens of milliseconds, once a start.
 */
export function issueInThread(request: IssueRequest): Promise<CertificateAndKey> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL("./issue-worker.js", import.meta.url), { workerData: request });
    let made: CertificateAndKey | undefined;
    let failure: unknown;
    thread.once("message", (answer: CertificateAndKey) => { made = answer; });
    thread.once("error", (error) => { failure = error; });
    // Settled when the thread has ended, so no certificate thread outlives start-up.
    thread.once("exit", (code) => {
      if (made !== undefined) resolve(made);
      else reject(failure ?? new Error(`the certificate thread ended (exit ${code}) without a certificate`));
    });
  });
}
