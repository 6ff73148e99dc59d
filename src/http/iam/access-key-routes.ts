import type { IamService } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamTargetOperation } from "./operation-kit.js";
import { pageXml } from "./shapes.js";

/** Access keys. Without UserName each acts on the calling user. */
export function accessKeyOperations(iam: IamService): Operation[] {
  const t = iam.targets;
  return [
    iamTargetOperation({
      name: "CreateAccessKey",
      decode: (m) => ({ userName: m.string("UserName") }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (_i, user, ctx) => iam.accessKeys.create(ctx, user),
      // The one answer that carries the secret in clear; it is never stored or shown again.
      result: (key) => ({
        AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey.reveal(), CreateDate: key.createdAt },
      }),
    }),
    iamTargetOperation({
      name: "ListAccessKeys",
      decode: (m) => ({ userName: m.string("UserName"), ...m.page() }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.accessKeys.list(ctx, user, i),
      result: (page) => pageXml("AccessKeyMetadata", page, (k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createdAt })),
    }),
    iamTargetOperation({
      name: "UpdateAccessKey",
      decode: (m) => ({ userName: m.string("UserName"), accessKeyId: m.required("AccessKeyId"), status: m.required("Status") }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.accessKeys.update(ctx, user, i),
    }),
    iamTargetOperation({
      name: "DeleteAccessKey",
      decode: (m) => ({ userName: m.string("UserName"), accessKeyId: m.required("AccessKeyId") }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.accessKeys.delete(ctx, user, i),
    }),
    iamTargetOperation({
      name: "GetAccessKeyLastUsed",
      decode: (m) => ({ accessKeyId: m.required("AccessKeyId") }),
      // Authorised on the key's owner, found with the key.
      target: (i, ctx) => t.accessKey(ctx, i.accessKeyId),
      invoke: (_i, key, ctx) => iam.accessKeys.lastUsed(ctx, key),
      result: ({ userName, lastUsed }) => ({
        UserName: userName,
        AccessKeyLastUsed: lastUsed
          ? { LastUsedDate: lastUsed.at, ServiceName: lastUsed.service, Region: lastUsed.region }
          : { ServiceName: "N/A", Region: "N/A" },
      }),
    }),
  ];
}
