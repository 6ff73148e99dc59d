import type { IamService } from "../../service/iam/index.js";
import { userResourceArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamOperation } from "./operation-kit.js";
import { pageXml } from "./shapes.js";

/** Access keys. Without UserName each acts on the calling user, whose ARN is then authorised. */
export function accessKeyOperations(iam: IamService): Operation[] {
  return [
    iamOperation({
      name: "CreateAccessKey",
      decode: (m) => ({ userName: m.string("UserName") }),
      resource: (i, p) => userResourceArn(p, i.userName),
      invoke: (i, ctx) => iam.accessKeys.create(ctx, i.userName),
      // The one answer that carries the secret in clear; it is never stored or shown again.
      result: (key) => ({
        AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey.reveal(), CreateDate: key.createdAt },
      }),
    }),
    iamOperation({
      name: "ListAccessKeys",
      decode: (m) => ({ userName: m.string("UserName"), ...m.page() }),
      resource: (i, p) => userResourceArn(p, i.userName),
      invoke: (i, ctx) => iam.accessKeys.list(ctx, i.userName, i),
      result: (page) => pageXml("AccessKeyMetadata", page, (k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createdAt })),
    }),
    iamOperation({
      name: "UpdateAccessKey",
      decode: (m) => ({ userName: m.string("UserName"), accessKeyId: m.required("AccessKeyId"), status: m.required("Status") }),
      resource: (i, p) => userResourceArn(p, i.userName),
      invoke: (i, ctx) => iam.accessKeys.update(ctx, i),
    }),
    iamOperation({
      name: "DeleteAccessKey",
      decode: (m) => ({ userName: m.string("UserName"), accessKeyId: m.required("AccessKeyId") }),
      resource: (i, p) => userResourceArn(p, i.userName),
      invoke: (i, ctx) => iam.accessKeys.delete(ctx, i),
    }),
    iamOperation({
      name: "GetAccessKeyLastUsed",
      decode: (m) => ({ accessKeyId: m.required("AccessKeyId") }),
      // The key's owner is known only once it is read: the caller first, then the owner if another.
      resource: (_i, p) => p.arn,
      invoke: (i, ctx) => iam.accessKeys.lastUsed(ctx, i.accessKeyId),
      result: ({ userName, lastUsed }) => ({
        UserName: userName,
        AccessKeyLastUsed: lastUsed
          ? { LastUsedDate: lastUsed.at, ServiceName: lastUsed.service, Region: lastUsed.region }
          : { ServiceName: "N/A", Region: "N/A" },
      }),
    }),
  ];
}
