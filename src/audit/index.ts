// The audit trail's import surface: event and log ports, and the tamper-evidence core (leaf form,
// Merkle tree, signed checkpoints, their key and anchor, and the verifier).
export type { AuditEvent, AuditUserIdentity, AuditResource, AuditDecisionFacts } from "./event.js";
export type { AuditEntry, AuditQuery, AuditReader, CheckpointStore, LookupAttributeKey, StoredCheckpoint } from "./log.js";
export { leafBytes } from "./canonical.js";
export { CompactRange, consistencyProof, consistencyProofOf, emptyRoot, inclusionProof, inclusionProofOf, leafHash, nodeHash, rootOf, verifyConsistency, verifyInclusion } from "./merkle.js";
export type { Hash, SubtreeHasher } from "./merkle.js";
export { PartialTree, frontierRanges } from "./frontier.js";
export type { Frontier } from "./frontier.js";
export { ed25519KeyId, ed25519Signer, openNote, parseNote, parseVerifierKey, rawEd25519PublicKey, signNote, verifierKeyString } from "./note.js";
export type { NoteSignature, NoteSigner, NoteVerifier } from "./note.js";
export { logOrigin, noteHash, parseCheckpoint, signCheckpoint, verifyCheckpoint } from "./checkpoint.js";
export type { Checkpoint, CheckpointInput } from "./checkpoint.js";
export { loadOrCreateSigningKey, SIGNING_KEY_FILE } from "./signing-key.js";
export type { AuditSigningKey } from "./signing-key.js";
export { DirectoryAnchor } from "./anchor.js";
export type { CheckpointAnchor } from "./anchor.js";
export { verifyLog } from "./verify.js";
export type { LogEvidence, LogVerdict } from "./verify.js";
export { auditEvent } from "./record.js";
export type { CallFacts, RecordSettings } from "./record.js";
export { Checkpointer } from "./checkpointer.js";
export { pruneLog } from "./pruner.js";
export type { PrunableLog } from "./pruner.js";
export type { LeafSource } from "./checkpointer.js";
export { octetCounted, syslogMessage } from "./syslog.js";
export type { SyslogHeader } from "./syslog.js";
export { SyslogSender } from "./syslog-sender.js";
export type { SyslogReport, SyslogTarget } from "./syslog-sender.js";
