import { personalDataInLabels, piiFinder } from "../guardrails/pii/index.js";
import { personalDataAdmission } from "../http/personal-data-admission.js";
import type { Capability, Foundation } from "./capability.js";

/**
 * Checks of what callers store beside their content: personal data in names, descriptions and
 * tags (the seeds warn never to put it there), for every operation that declares its labels.
 */
export function dataProtectionCapability({ config }: Foundation): Capability {
  return {
    name: "data-protection",
    operations: [],
    hooks: { admission: [personalDataAdmission(config.dataProtection.namesWithPersonalData, (labels) => personalDataInLabels(labels, piiFinder))] },
  };
}
