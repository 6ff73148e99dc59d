import { parentPort, workerData } from "node:worker_threads";
import { createCa, issueServerCert } from "./issue.js";
import type { IssueRequest } from "./issue-thread.js";

// The thread issue-thread.ts starts: one certificate, posted back; then nothing keeps it alive.
const request = workerData as IssueRequest;
parentPort!.postMessage(request.kind === "ca"
  ? await createCa(request.now, request.permitted)
  : await issueServerCert(request.ca, request.names, request.now));
