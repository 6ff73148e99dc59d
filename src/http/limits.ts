/**
 * The limits the listeners enforce. One declaration, in the kernel, shared with the
 * configuration (`server.*`, config/schema-server-limits.ts, which says what each bounds), so
 * http/ depends on the shape and not on the configuration module.
 */
export type { EdgeLimits } from "../kernel/index.js";
