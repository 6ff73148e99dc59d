import { Ajv, type ErrorObject } from "ajv";
import { FORMATS } from "./formats.js";
import { joinPath, pointerSegments, type ConfigProblem } from "./problems.js";
import { configSchema } from "./schema.js";
import { ALL_SHAPES } from "./schema-parts.js";

export type ConfigValidator = (data: unknown) => readonly ConfigProblem[];

/**
 * Compiles the schema once per loader run (there is no module-level cache: start-up calls it
 * once). `allErrors` so that every problem is reported together; `verbose` gives the parent
 * schema, from which an unknown key's message lists the allowed ones.
 */
export function createConfigValidator(): ConfigValidator {
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, useDefaults: false, coerceTypes: false });
  for (const [name, def] of Object.entries(FORMATS)) ajv.addFormat(name, def.validate);
  const validate = ajv.compile(configSchema);
  return (data) => (validate(data) ? [] : toProblems(validate.errors ?? []));
}

const PATTERN_HINTS = new Map(ALL_SHAPES.map((shape) => [shape.pattern, shape.hint]));

function toProblems(errors: readonly ErrorObject[]): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const error of errors) {
    // "must match then schema" only repeats the errors of the branch that failed.
    if (error.keyword === "if") continue;
    const problem = describe(error);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject): ConfigProblem {
  const at = pointerSegments(error.instancePath);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return problem([...at, String(p.additionalProperty)], `unknown key (allowed here: ${allowedKeys(error)})`);
    case "required":
      return problem([...at, String(p.missingProperty)], "is required");
    case "dependencies":
      return problem([...at, String(p.missingProperty)], `is required when ${String(p.property)} is set`);
    case "type":
      return problem(at, `must be ${article(String(p.type))}`);
    case "enum":
      return problem(at, `must be one of ${(p.allowedValues as unknown[]).map(String).join(", ")}`);
    case "const":
      return problem(at, `must be ${String(p.allowedValue)}`);
    case "pattern":
      return problem(at, PATTERN_HINTS.get(String(p.pattern)) ?? "has an invalid form");
    case "format":
      return problem(at, FORMATS[String(p.format)]?.hint ?? `must be a ${String(p.format)}`);
    case "minimum":
      return problem(at, `must be at least ${String(p.limit)}`);
    case "maximum":
      return problem(at, `must be at most ${String(p.limit)}`);
    case "minLength":
      return problem(at, p.limit === 1 ? "must not be empty" : `must be at least ${String(p.limit)} characters long`);
    case "maxLength":
      return problem(at, `must be at most ${String(p.limit)} characters long`);
    case "minItems":
      return problem(at, p.limit === 1 ? "must not be empty" : `must have at least ${String(p.limit)} items`);
    case "uniqueItems":
      return problem(at, `must not repeat an item (items ${Math.min(Number(p.i), Number(p.j))} and ${Math.max(Number(p.i), Number(p.j))} are the same)`);
    default:
      // Ajv's own messages name the constraint, never the value.
      return problem(at, error.message ?? "is invalid");
  }
}

function problem(segments: readonly (string | number)[], message: string): ConfigProblem {
  const path = joinPath(segments);
  return { path: path === "" ? "(top level)" : path, message };
}

function allowedKeys(error: ErrorObject): string {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return Object.keys(properties ?? {}).join(", ");
}

function article(type: string): string {
  if (type === "object") return "a mapping (an object)";
  if (type === "array") return "a list (an array)";
  if (type === "integer") return "an integer";
  return `a ${type}`;
}
