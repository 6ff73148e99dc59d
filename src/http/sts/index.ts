export { stsOperations, STS_OPERATION_NAMES, STS_SERVICE } from "./routes.js";
export {
  decodeAssumeRoleRequest, decodeGetSessionTokenRequest, encodeAssumeRoleResult, encodeCallerIdentity,
  encodeGetSessionTokenResult, readForm,
} from "./codec.js";
