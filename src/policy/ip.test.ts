import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inRange, parseCidr, parseIp } from "./ip.js";

const within = (cidr: string, ip: string): boolean => {
  const r = parseCidr(cidr);
  const a = parseIp(ip);
  assert.ok(r, `range ${cidr}`);
  assert.ok(a, `address ${ip}`);
  return inRange(r, a);
};

describe("ip ranges", () => {
  it("matches IPv4 CIDR ranges, /32 when no prefix is given", () => {
    assert.equal(within("203.0.113.0/24", "203.0.113.255"), true);
    assert.equal(within("203.0.113.0/24", "203.0.114.0"), false);
    assert.equal(within("203.0.113.7", "203.0.113.7"), true);
    assert.equal(within("203.0.113.7", "203.0.113.8"), false);
    assert.equal(within("0.0.0.0/0", "198.51.100.1"), true);
    assert.equal(within("10.0.0.0/8", "10.255.255.255"), true);
  });
  it("masks host bits written in the range", () => {
    assert.equal(within("203.0.113.5/24", "203.0.113.200"), true);
  });
  it("matches IPv6 ranges in any notation", () => {
    assert.equal(within("2001:DB8:1234:5678::/64", "2001:db8:1234:5678:abcd::1"), true);
    assert.equal(within("2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1"), false);
    assert.equal(within("::/0", "::1"), true);
    assert.equal(within("2001:db8::/127", "2001:db8::1"), true);
    assert.equal(within("::ffff:0:0/96", "::ffff:1.2.3.4"), false, "a mapped address is read as IPv4");
    assert.equal(within("2001:db8::1.2.3.4/128", "2001:db8::102:304"), true);
  });
  it("never matches across families, and reads IPv4-mapped request addresses as IPv4", () => {
    assert.equal(within("10.0.0.0/8", "::ffff:10.1.2.3"), true);
    assert.equal(within("::/0", "10.0.0.1"), false);
  });
  it("refuses what is not an address or a range", () => {
    for (const bad of ["10.0.0.0/33", "256.1.1.1", "1.2.3", "1.2.3.4.5", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "10.0.0.0/", "10.0.0.0/-1", "a.b.c.d", ""]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });
});
