import { z } from "zod";
import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldError, FieldErrors, FieldValues, Resolver } from "react-hook-form";

/**
 * Forms check what they send with the DOMAIN's own zod schemas (the server parses the same
 * body with them), so the tab never restates a rule. A form holds what the inputs hold (text);
 * `toBody` turns that into the API body, which the schema checks; a problem lands on the form
 * field of the same name. `messages` words a problem for a person where the schema's wording is
 * for programs ("Must be a positive integer id." for a model not chosen yet).
 *
 * Fluent's Input, Textarea and Select keep the shown value in their own state: give each
 * registered one `defaultValue` from the form's defaults (react-hook-form's ref write is undone by
 * Fluent's next render), or use a Controller.
 */
export function domainResolver<Form extends FieldValues, S extends z.ZodType>(
  schema: S,
  toBody: (form: Form) => unknown,
  messages: Partial<Record<string, string>> = {},
): Resolver<Form, unknown, z.output<S>> {
  const checked = z.preprocess((form) => toBody(form as Form), schema);
  const resolve = zodResolver(checked as never) as unknown as Resolver<Form, unknown, z.output<S>>;
  return async (values, context, options) => {
    const result = await resolve(values, context, options);
    for (const [field, message] of Object.entries(messages)) {
      const error = (result.errors as Record<string, FieldError | undefined>)[field];
      if (error && message) error.message = message;
    }
    return result;
  };
}

/** The message of a field's problem, for Fluent's `Field validationMessage`. */
export function problem<Form extends FieldValues>(errors: FieldErrors<Form>, field: keyof Form & string): string | undefined {
  const error = errors[field] as FieldError | undefined;
  return error?.message;
}

/** Empty text as null (an optional field left blank), otherwise the text as typed (the schema trims). */
export function orNull(text: string | undefined): string | null {
  return text === undefined || text.trim() === "" ? null : text;
}

/**
 * The maximum length a schema allows for a text field (through optional, nullable and default),
 * so inputs carry `maxLength` from the same rule the server applies.
 */
export function maxLengthOf(schema: z.ZodObject, field: string): number | undefined {
  let type: unknown = schema.shape[field];
  for (let depth = 0; depth < 5 && type; depth++) {
    if (type instanceof z.ZodString) return type.maxLength ?? undefined;
    if (type instanceof z.ZodOptional || type instanceof z.ZodNullable || type instanceof z.ZodDefault) type = type.unwrap();
    else return undefined;
  }
  return undefined;
}

