// The same form through react-jsonschema-form: toJsonSchema gives the JSON Schema (draft
// 2020-12) and the UI schema; rjsf validates with ajv's 2020-12 class. It shares the hook's
// values, so both forms edit one state.
import { useMemo, useState } from "react";
import Form from "@rjsf/core";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020";
import { toJsonSchema, validateValues, type ControlSet, type Values } from "nanogpt-image-controls";
import { translateControls, type Translator } from "./i18n";

const validator = customizeValidator({ AjvClass: Ajv2020 });

interface Props {
  controls: ControlSet;
  values: Values;
  setValue(id: string, value: unknown): void;
  tr: Translator;
}

export function SchemaForm({ controls, values, setValue, tr }: Props) {
  // Titles come from the control labels: translate a copy of the control set first.
  const { schema, uiSchema } = useMemo(() => toJsonSchema(translateControls(controls, tr)), [controls, tr]);
  const [submitted, setSubmitted] = useState<string | null>(null);

  // Whether rjsf's validator (ajv, JSON Schema) and validateValues agree on the current values.
  const schemaValid = validator.validateFormData(values, schema).errors.length === 0;
  const libraryValid = validateValues(controls, values).length === 0;

  return (
    <section id="rjsf" data-schema-valid={schemaValid} data-library-valid={libraryValid}>
      <Form
        schema={schema}
        uiSchema={uiSchema}
        formData={values}
        validator={validator}
        noHtml5Validate
        showErrorList="top"
        onChange={({ formData }) => {
          for (const [id, value] of Object.entries(formData ?? {})) {
            if (JSON.stringify(value) !== JSON.stringify(values[id])) setValue(id, value);
          }
        }}
        onSubmit={({ formData }) => setSubmitted(JSON.stringify(formData))}
        onError={() => setSubmitted(null)}
      />
      {submitted ? <pre id="rjsf-submitted">{submitted}</pre> : null}
    </section>
  );
}
