import type { IamService } from "../../service/iam/index.js";
import { iamArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation, iamTargetOperation } from "./operation-kit.js";
import { pageXml, tagsXml, userXml } from "./shapes.js";

/**
 * Virtual MFA devices. CreateVirtualMFADevice answers the seed once (a blob: base64 of the
 * base32 text, as IAM sends it); no QR code image is made (QRCodePNG is left out).
 */
export function mfaOperations(iam: IamService): Operation[] {
  return [
    iamOperation({
      name: "CreateVirtualMFADevice",
      decode: (m) => ({ virtualMfaDeviceName: m.required("VirtualMFADeviceName"), path: m.string("Path"), tags: m.tags() }),
      request: (i) => i,
      resource: (i, p) => iamArn(p.accountId, "mfa", i.path ?? "/", i.virtualMfaDeviceName),
      invoke: (i, ctx) => iam.mfa.createVirtual(ctx, i),
      result: (device) => ({
        VirtualMFADevice: {
          SerialNumber: device.serialNumber,
          Base32StringSeed: Buffer.from(device.base32StringSeed.reveal(), "utf8").toString("base64"),
          Tags: tagsXml(device.tags),
        },
      }),
    }),
    iamTargetOperation({
      name: "EnableMFADevice",
      decode: (m) => ({
        userName: m.required("UserName"), serialNumber: m.required("SerialNumber"),
        authenticationCode1: m.required("AuthenticationCode1"), authenticationCode2: m.required("AuthenticationCode2"),
      }),
      target: (i, ctx) => iam.targets.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.mfa.enable(ctx, user, i),
    }),
    iamTargetOperation({
      name: "DeactivateMFADevice",
      decode: (m) => ({ userName: m.string("UserName"), serialNumber: m.required("SerialNumber") }),
      target: (i, ctx) => iam.targets.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.mfa.deactivate(ctx, user, i),
    }),
    iamTargetOperation({
      name: "ListMFADevices",
      decode: (m) => ({ userName: m.string("UserName"), ...m.page() }),
      target: (i, ctx) => iam.targets.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.mfa.list(ctx, user, i),
      result: (page) => pageXml("MFADevices", page, (d) => ({ UserName: d.userName, SerialNumber: d.serialNumber, EnableDate: d.enableDate })),
    }),
    iamOperation({
      name: "ListVirtualMFADevices",
      decode: (m) => ({ assignmentStatus: m.string("AssignmentStatus"), ...m.page() }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.mfa.listVirtual(ctx, i.assignmentStatus, i),
      result: (page) => pageXml("VirtualMFADevices", page, (d) => ({
        SerialNumber: d.serialNumber, User: d.user ? userXml(d.user) : undefined, EnableDate: d.enableDate, Tags: tagsXml(d.tags),
      })),
    }),
    iamTargetOperation({
      name: "DeleteVirtualMFADevice",
      decode: (m) => ({ serialNumber: m.required("SerialNumber") }),
      target: (i, ctx) => iam.targets.mfaDevice(ctx, i.serialNumber),
      invoke: (_i, device, ctx) => iam.mfa.deleteVirtual(ctx, device),
    }),
  ];
}
