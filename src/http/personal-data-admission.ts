import type { NamesWithPersonalData } from "../config/schema-data-protection.js";
import { invalid } from "../kernel/index.js";
import type { NotedPersonalData, RequestNotes } from "../kernel/index.js";
import type { Admission } from "./hooks.js";

/** plinth's own response header (not an AWS one), so SDK users can see it with a middleware or a raw response. */
export const WARNING_HEADER = "x-plinth-warning";

/**
 * Checks the names, descriptions and tags an operation declares (`Operation.labels`) for personal
 * data. Runs after authorisation: a caller who may not create the resource learns nothing. A
 * warning is noted for the audit record and the response header (field and entity type, never
 * the value); a refusal is a ValidationException naming the first field.
 */
export function personalDataAdmission(
  mode: NamesWithPersonalData,
  find: (labels: readonly { readonly field: string; readonly value: string }[]) => readonly NotedPersonalData[],
): Admission {
  return {
    name: "personal-data-in-labels",
    async admit({ op, ctx, input }) {
      const labels = op.labels?.(input);
      if (labels === undefined || labels.length === 0) return;
      const findings = find(labels);
      const first = findings[0];
      if (first === undefined) return;
      // Noted either way: a refusal's audit record says why, as a warning's does.
      ctx.notes.personalData = findings;
      if (mode === "refuse") {
        throw invalid(first.field, `holds personal data (${first.types.join(", ")}); names, descriptions and tags are readable by everyone who may list the resource, and this deployment refuses personal data in them`);
      }
    },
  };
}

/** The warning header's value: `personal data (EMAIL) in tags.0.value; personal data (PHONE) in description`. */
export function personalDataWarning(notes: RequestNotes): string | undefined {
  const found = notes.personalData;
  if (found === undefined || found.length === 0) return undefined;
  return found.map((f) => `personal data (${f.types.join(", ")}) in ${f.field}`).join("; ");
}

/** The headers with the warning added, when the request noted one. */
export function withPersonalDataWarning(headers: Record<string, string>, notes: RequestNotes): Record<string, string> {
  const warning = personalDataWarning(notes);
  return warning === undefined ? headers : { ...headers, [WARNING_HEADER]: warning };
}
