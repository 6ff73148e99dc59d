import type { Principal } from "../../kernel/index.js";
import type { IamService, NewServiceCredential, ServiceCredentialMetadata } from "../../service/iam/index.js";
import { iamArn, requestedArn, userResourceArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamOperation } from "./operation-kit.js";
import type { ConditionValues } from "./operation-kit.js";
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
function createConditions(input: { serviceName: string; credentialAgeDays?: number }): ConditionValues {
  const values = new Map<string, string | number>([["iam:ServiceSpecificCredentialServiceName", input.serviceName]]);
  if (input.credentialAgeDays !== undefined) values.set("iam:ServiceSpecificCredentialAgeDays", input.credentialAgeDays);
  return values;
}

/** AllUsers acts on every user of the account: authorised on `user/*`, not on the caller. */
const listResource = (i: { userName?: string; allUsers?: boolean }, p: Principal): string =>
  i.allUsers ? iamArn(p.accountId, "user", "/", "*") : userResourceArn(p, i.userName);

/**
 * Service-specific credentials: Bedrock long-term API keys. Create names its user; the others,
 * without UserName, act on the calling user, whose ARN is then authorised.
 */
export function serviceCredentialOperations(iam: IamService): Operation[] {
  return [
    iamOperation({
      name: "CreateServiceSpecificCredential",
      decode: (m) => ({ userName: m.required("UserName"), serviceName: m.required("ServiceName"), credentialAgeDays: m.integer("CredentialAgeDays") }),
      conditions: (i) => createConditions(i),
      resource: (i, p) => requestedArn(p, "user", i.userName),
      invoke: (i, ctx) => iam.serviceCredentials.create(ctx, i),
      result: credentialXml,
    }),
    iamOperation({
      name: "ListServiceSpecificCredentials",
      decode: (m) => ({ userName: m.string("UserName"), serviceName: m.string("ServiceName"), allUsers: m.boolean("AllUsers"), ...m.page() }),
      resource: listResource,
      invoke: (i, ctx) => iam.serviceCredentials.list(ctx, i),
      result: (page) => pageXml("ServiceSpecificCredentials", page, metadataXml),
    }),
    iamOperation({
      name: "UpdateServiceSpecificCredential",
      decode: (m) => ({ userName: m.string("UserName"), credentialId: m.required("ServiceSpecificCredentialId"), status: m.required("Status") }),
      resource: (i, p) => userResourceArn(p, i.userName),
      invoke: (i, ctx) => iam.serviceCredentials.update(ctx, i),
    }),
    iamOperation({
      name: "ResetServiceSpecificCredential",
      decode: (m) => ({ userName: m.string("UserName"), credentialId: m.required("ServiceSpecificCredentialId") }),
      resource: (i, p) => userResourceArn(p, i.userName),
      invoke: (i, ctx) => iam.serviceCredentials.reset(ctx, i),
      result: credentialXml,
    }),
    iamOperation({
      name: "DeleteServiceSpecificCredential",
      decode: (m) => ({ userName: m.string("UserName"), credentialId: m.required("ServiceSpecificCredentialId") }),
      resource: (i, p) => userResourceArn(p, i.userName),
      invoke: (i, ctx) => iam.serviceCredentials.delete(ctx, i),
    }),
  ];
}
