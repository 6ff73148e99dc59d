/** How resource names, descriptions and tags holding personal data are treated (the values are checked on create, update and tag). */
export const NAMES_WITH_PERSONAL_DATA = ["warn", "refuse"] as const;
export type NamesWithPersonalData = (typeof NAMES_WITH_PERSONAL_DATA)[number];

export const dataProtectionSchema = {
  type: "object",
  additionalProperties: false,
  default: {},
  description: "Checks plinth makes of what callers store beside their content.",
  properties: {
    namesWithPersonalData: {
      enum: [...NAMES_WITH_PERSONAL_DATA],
      default: "warn",
      description:
        "Names, descriptions and tags are readable by anyone who may list or describe the resource, and are kept in the audit " +
        "trail, so they are no place for personal data. On create, update and tag, plinth looks in them for high-confidence " +
        "personal data (email addresses, phone numbers, card and national identity numbers, AWS keys). warn: the call succeeds " +
        "with an x-plinth-warning response header naming the field and the type, and the audit record notes the same (never " +
        "the value); refuse: the call fails with a ValidationException naming the field.",
    },
  },
} as const;
