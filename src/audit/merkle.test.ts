import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { CompactRange, consistencyProof, emptyRoot, inclusionProof, leafHash, rootOf, verifyConsistency, verifyInclusion, type Hash } from "./merkle.js";
import { consistencyProbes, inclusionProbes } from "./merkle.fixture.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const unhex = (s: string): Hash => new Uint8Array(Buffer.from(s, "hex"));
const unb64 = (s: string): Hash => new Uint8Array(Buffer.from(s, "base64"));

// transparency-dev/merkle testonly/constants.go: LeafInputs() and RootHashes() (RFC 6962 SHA-256).
const leafInputs = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(unhex);
const rootHashes = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
// testonly/constants.go NodeHashes()[0]: the leaf hashes of LeafInputs().
const leafHashes0 = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
  "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
  "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
  "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
  "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
  "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
];

const hashes = leafInputs.map(leafHash);

test("leaf hashes and roots for every size match transparency-dev's RFC 6962 constants", () => {
  assert.deepEqual(hashes.map(hex), leafHashes0);
  assert.equal(hex(emptyRoot()), rootHashes[0]);
  for (let n = 0; n <= 8; n++) {
    assert.equal(hex(rootOf(hashes.slice(0, n))), rootHashes[n], `rootOf size ${n}`);
    assert.equal(hex(CompactRange.fromLeafHashes(hashes.slice(0, n)).root()), rootHashes[n], `CompactRange size ${n}`);
  }
});

// transparency-dev/merkle cmd/proofgen/main.go: inclusionProofs and consistencyProofs. Its leaf
// indices are 1-based (from the old proof_test.go); ours are 0-based, hence `leafIdx - 1`.
const publishedInclusion: [number, number, string[]][] = [
  [1, 1, []],
  [1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]],
  [6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
  [3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]],
];
const publishedConsistency: [number, number, string[]][] = [
  [1, 1, []],
  [1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]],
  [6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
  [2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]],
  [6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
];

test("inclusion proofs equal the published ones and verify", () => {
  for (const [leafIdx, size, want] of publishedInclusion) {
    const proof = inclusionProof(hashes, leafIdx - 1, size);
    assert.deepEqual(proof.map(hex), want, `leaf ${leafIdx - 1} of ${size}`);
    assert.ok(verifyInclusion(hashes[leafIdx - 1]!, leafIdx - 1, size, proof, unhex(rootHashes[size]!)));
  }
});

test("consistency proofs equal the published ones and verify", () => {
  for (const [m, n, want] of publishedConsistency) {
    const proof = consistencyProof(hashes, m, n);
    assert.deepEqual(proof.map(hex), want, `${m} -> ${n}`);
    assert.ok(verifyConsistency(m, n, unhex(rootHashes[m]!), unhex(rootHashes[n]!), proof));
  }
});

test("the transparency-dev inclusion probes (happy paths and every mutation) are judged as published", () => {
  assert.ok(inclusionProbes.length > 50);
  for (const p of inclusionProbes) {
    const ok = verifyInclusion(unb64(p.leafHash), p.leafIdx, p.treeSize, p.proof.map(unb64), unb64(p.root));
    assert.equal(ok, !p.wantErr, `inclusion ${p.leafIdx}/${p.treeSize}: ${p.desc}`);
  }
});

test("the transparency-dev consistency probes are judged as published", () => {
  assert.ok(consistencyProbes.length > 50);
  for (const p of consistencyProbes) {
    const ok = verifyConsistency(p.size1, p.size2, unb64(p.root1), unb64(p.root2), p.proof.map(unb64));
    assert.equal(ok, !p.wantErr, `consistency ${p.size1}->${p.size2}: ${p.desc}`);
  }
});

test("random trees: every inclusion and consistency proof verifies, and a flipped bit or wrong index does not", () => {
  for (const n of [1, 2, 3, 5, 7, 8, 9, 16, 17, 31, 33, 48]) {
    // Distinct leaves (the index leads each): with equal neighbours a proof also verifies at the
    // other's index, which is right, and 1-byte random leaves (n = 7) collided often enough to fail here.
    const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.concat([Buffer.from([i]), randomBytes(n % 7)])));
    const range = new CompactRange();
    for (let size = 1; size <= n; size++) {
      range.append(leaves[size - 1]!);
      const root = range.root();
      assert.equal(hex(root), hex(rootOf(leaves.slice(0, size))));
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(leaves, i, size);
        assert.ok(verifyInclusion(leaves[i]!, i, size, proof, root), `incl ${i}/${size}`);
        if (size > 1) assert.ok(!verifyInclusion(leaves[i]!, (i + 1) % size, size, proof, root), `wrong index ${i}/${size}`);
        if (proof.length > 0) {
          const bad = proof.map((h) => new Uint8Array(h));
          bad[0]![0]! ^= 1;
          assert.ok(!verifyInclusion(leaves[i]!, i, size, bad, root));
        }
      }
      for (let m = 1; m <= size; m++) {
        const proof = consistencyProof(leaves, m, size);
        const root1 = rootOf(leaves.slice(0, m));
        assert.ok(verifyConsistency(m, size, root1, root, proof), `cons ${m}->${size}`);
        if (m < size) {
          assert.ok(!verifyConsistency(m, size, root, root1, proof));
          const bad = proof.map((h) => new Uint8Array(h));
          bad[bad.length - 1]![31]! ^= 0x80;
          assert.ok(!verifyConsistency(m, size, root1, root, bad));
        }
      }
    }
  }
});

test("proofs for sizes or indices outside the tree are refused", () => {
  assert.throws(() => inclusionProof(hashes, 8, 8), /index/);
  assert.throws(() => inclusionProof(hashes, 0, 9), /size/);
  assert.throws(() => consistencyProof(hashes, 0, 4), /size1/);
  assert.throws(() => consistencyProof(hashes, 5, 4), /size1/);
});

test("a CompactRange resumed from stored leaf hashes continues the same tree", () => {
  const resumed = CompactRange.fromLeafHashes(hashes.slice(0, 5));
  assert.equal(resumed.size, 5);
  assert.equal(resumed.nodes().length, 2);
  for (const h of hashes.slice(5)) resumed.append(h);
  assert.equal(hex(resumed.root()), rootHashes[8]);
});

test("a CompactRange resumed from its persisted frontier continues the same tree; a wrong frontier is refused", () => {
  for (let n = 0; n <= 8; n++) {
    const saved = CompactRange.fromLeafHashes(hashes.slice(0, n));
    const resumed = CompactRange.fromNodes(n, saved.nodes());
    assert.equal(hex(resumed.root()), rootHashes[n]);
    for (const h of hashes.slice(n)) resumed.append(h);
    assert.equal(hex(resumed.root()), rootHashes[8], `resumed at ${n}`);
  }
  assert.throws(() => CompactRange.fromNodes(5, [hashes[0]!]), /nodes/);
  assert.throws(() => CompactRange.fromNodes(-1, []), /size/);
});
