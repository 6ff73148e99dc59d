/**
 * JSON body checks shared by the Converse codec (codec/) and the native InvokeModel bodies
 * (native/): one set of helpers, so both surfaces fail the same way, with a validation Fault
 * naming the JSON path and a problem text that never quotes customer content.
 */
export { at, closed, isObj, need, obj, own, present, safeName, union } from "./validate-members.js";
export type { Members, Obj } from "./validate-members.js";
export { blob, bool, defined, list, num, oneOf, optNum, str, strings } from "./validate-values.js";
export type { Limits, StringRule } from "./validate-values.js";
