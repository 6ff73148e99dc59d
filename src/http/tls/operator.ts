import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fault } from "../../kernel/index.js";

export interface OperatorTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile?: string;
}

export interface OperatorTlsMaterial {
  readonly key: string;
  readonly cert: string;
  readonly ca?: string;
  readonly caPath?: string;
  readonly generated: false;
}

/**
 * Reads operator-supplied PEM files and checks them before the listener starts, so a wrong
 * file fails start-up with the config field's name instead of failing every handshake. The
 * key's content never reaches a message.
 */
export async function loadOperatorTls(files: OperatorTlsFiles): Promise<OperatorTlsMaterial> {
  const cert = await read(files.certFile, "server.tls.certFile");
  const key = await read(files.keyFile, "server.tls.keyFile");
  const ca = files.caFile === undefined ? undefined : await read(files.caFile, "server.tls.caFile");

  const leaf = parse(() => new X509Certificate(cert), "server.tls.certFile", "is not a PEM certificate");
  const privateKey = parse(() => createPrivateKey(key), "server.tls.keyFile", "is not a PEM private key");
  if (!leaf.checkPrivateKey(privateKey)) {
    throw problem("server.tls.keyFile", "does not match the certificate in server.tls.certFile");
  }
  if (ca !== undefined) parse(() => new X509Certificate(ca), "server.tls.caFile", "is not a PEM certificate");

  return {
    key,
    cert,
    ...(ca === undefined || files.caFile === undefined ? {} : { ca, caPath: files.caFile }),
    generated: false,
  };
}

async function read(path: string, field: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw problem(field, `cannot read file ${path} (${code})`);
  }
}

function parse<T>(make: () => T, field: string, message: string): T {
  try {
    return make();
  } catch {
    throw problem(field, message);
  }
}

function problem(field: string, message: string) {
  return fault("validation", `${field}: ${message}`, { field });
}
