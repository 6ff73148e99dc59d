import type { Principal } from "../../kernel/index.js";
import type { IamService, NewServiceCredential, ServiceCredentialMetadata, Target } from "../../service/iam/index.js";
import { iamArn } from "../../service/iam/index.js";
import type { UserRecord } from "../../store/index.js";
import type { Operation } from "../operation.js";
import { iamTargetOperation } from "./operation-kit.js";
import type { RequestFacts } from "./operation-kit.js";
import { pageXml } from "./shapes.js";
import type { XmlRecord } from "./shapes.js";

/** ServiceSpecificCredentialMetadata, in the model's member order. */
const metadataXml = (c: ServiceCredentialMetadata): XmlRecord => ({
  UserName: c.userName, Status: c.status, ServiceCredentialAlias: c.alias, CreateDate: c.createdAt,
  ExpirationDate: c.expiresAt, ServiceSpecificCredentialId: c.credentialId, ServiceName: c.serviceName,
});

/** ServiceSpecificCredential: the one shape that carries the key (ServiceCredentialSecret) in clear. */
const credentialXml = (c: NewServiceCredential): XmlRecord => ({
  ServiceSpecificCredential: {
    CreateDate: c.createdAt, ExpirationDate: c.expiresAt, ServiceName: c.serviceName, ServiceCredentialAlias: c.alias,
    ServiceCredentialSecret: c.key.reveal(), ServiceSpecificCredentialId: c.credentialId, UserName: c.userName, Status: c.status,
  },
});

/** What CreateServiceSpecificCredential tells conditions (iam:ServiceSpecificCredentialServiceName, ...AgeDays). */
function createFacts(input: { readonly serviceName: string; readonly credentialAgeDays?: number | undefined }): RequestFacts {
  const other = new Map<string, string | number>([["iam:ServiceSpecificCredentialServiceName", input.serviceName]]);
  if (input.credentialAgeDays !== undefined) other.set("iam:ServiceSpecificCredentialAgeDays", input.credentialAgeDays);
  return { other };
}

/**
 * Service-specific credentials: Bedrock long-term API keys. Each finds its user (the one named,
 * or the caller) before authorisation, as every IAM operation on a user does; ListServiceSpecificCredentials
 * with AllUsers acts on every user of the account and is authorised on `user/*`.
 */
export function serviceCredentialOperations(iam: IamService): Operation[] {
  const t = iam.targets;
  return [
    iamTargetOperation({
      name: "CreateServiceSpecificCredential",
      decode: (m) => ({ userName: m.required("UserName"), serviceName: m.required("ServiceName"), credentialAgeDays: m.integer("CredentialAgeDays") }),
      request: (i) => createFacts(i),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.serviceCredentials.create(ctx, user, i),
      result: credentialXml,
    }),
    iamTargetOperation({
      name: "ListServiceSpecificCredentials",
      decode: (m) => ({ userName: m.string("UserName"), serviceName: m.string("ServiceName"), allUsers: m.boolean("AllUsers"), ...m.page() }),
      target: (i, ctx) => (i.allUsers ? Promise.resolve(everyUser(ctx.principal)) : t.user(ctx, i.userName)),
      invoke: (i, user, ctx) => iam.serviceCredentials.list(ctx, i.allUsers ? undefined : user, i),
      result: (page) => pageXml("ServiceSpecificCredentials", page, metadataXml),
    }),
    iamTargetOperation({
      name: "UpdateServiceSpecificCredential",
      decode: (m) => ({ userName: m.string("UserName"), credentialId: m.required("ServiceSpecificCredentialId"), status: m.required("Status") }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.serviceCredentials.update(ctx, user, i),
    }),
    iamTargetOperation({
      name: "ResetServiceSpecificCredential",
      decode: (m) => ({ userName: m.string("UserName"), credentialId: m.required("ServiceSpecificCredentialId") }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.serviceCredentials.reset(ctx, user, i),
      result: credentialXml,
    }),
    iamTargetOperation({
      name: "DeleteServiceSpecificCredential",
      decode: (m) => ({ userName: m.string("UserName"), credentialId: m.required("ServiceSpecificCredentialId") }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.serviceCredentials.delete(ctx, user, i),
    }),
  ];
}

/** AllUsers: no one user, so no entity and no tags; authorised on every user of the account. */
function everyUser(principal: Principal): Target<UserRecord> {
  return { type: "user", arn: iamArn(principal.accountId, "user", "/", "*"), missing: "", tags: [] };
}
