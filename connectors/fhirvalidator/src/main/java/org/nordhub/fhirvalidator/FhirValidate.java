package org.nordhub.fhirvalidator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * HAPI FHIR's reference validator for R4 resources, as a filter: one resource (JSON, on one
 * line) a line on standard input, one line of JSON out for each: {@code {"errors": n,
 * "issues": [{"severity", "location", "message"}]}}. It validates against the R4 core
 * definitions with HAPI's in-memory terminology (no network); unknown extensions are allowed
 * (the hub documents its own in docs/fhir.md). It prints one {@code READY} line first and stops
 * at the end of its input.
 */
public final class FhirValidate {
  private FhirValidate() {}

  public static void main(String[] args) throws Exception {
    FhirContext context = FhirContext.forR4();
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(context),
            new CommonCodeSystemsTerminologyService(context),
            new InMemoryTerminologyServerValidationSupport(context),
            new SnapshotGeneratingValidationSupport(context));
    FhirInstanceValidator instance = new FhirInstanceValidator(chain);
    instance.setAnyExtensionsAllowed(true);
    FhirValidator validator = context.newValidator();
    validator.registerValidatorModule(instance);

    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    // The first validation loads the definitions: do it before saying READY.
    validator.validateWithResult("{\"resourceType\": \"Basic\", \"code\": {\"text\": \"warm-up\"}}");
    out.println("READY");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      StringBuilder answer = new StringBuilder("{\"errors\": ");
      try {
        ValidationResult result = validator.validateWithResult(line);
        int errors = 0;
        StringBuilder issues = new StringBuilder();
        for (SingleValidationMessage message : result.getMessages()) {
          String severity = message.getSeverity().getCode();
          if ("error".equals(severity) || "fatal".equals(severity)) {
            errors++;
          }
          if (issues.length() > 0) {
            issues.append(", ");
          }
          issues
              .append("{\"severity\": ")
              .append(quote(severity))
              .append(", \"location\": ")
              .append(quote(message.getLocationString()))
              .append(", \"message\": ")
              .append(quote(message.getMessage()))
              .append('}');
        }
        answer.append(errors).append(", \"issues\": [").append(issues).append("]}");
      } catch (RuntimeException e) {
        answer
            .append("1, \"issues\": [{\"severity\": \"fatal\", \"location\": \"\", \"message\": ")
            .append(quote(String.valueOf(e.getMessage())))
            .append("}]}");
      }
      out.println(answer);
    }
  }

  private static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
