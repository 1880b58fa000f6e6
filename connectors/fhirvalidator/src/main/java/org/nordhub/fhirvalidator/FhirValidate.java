package org.nordhub.fhirvalidator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
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
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI FHIR's reference validator for R4 resources, as a filter: one resource (JSON, on one
 * line) a line on standard input, one line of JSON out for each: {@code {"errors": n,
 * "issues": [{"severity", "location", "message"}]}}. It validates against the R4 core
 * definitions with HAPI's in-memory terminology (no network); unknown extensions are allowed
 * (the hub documents its own in docs/fhir.md). It prints one {@code READY} line first and stops
 * at the end of its input.
 *
 * <p>One adjustment, see {@link PreferredLanguages}: HAPI's in-memory terminology reports a
 * valid BCP 47 tag outside the Common Languages value set ({@code nb}, {@code nn}, {@code is})
 * as an error, although R4 binds that value set only as preferred (its maximum is All
 * Languages, BCP 47). Such a code is checked against All Languages instead; an invalid tag is
 * still an error.
 */
public final class FhirValidate {
  private FhirValidate() {}

  public static void main(String[] args) throws Exception {
    FhirContext context = FhirContext.forR4();
    CommonCodeSystemsTerminologyService common = new CommonCodeSystemsTerminologyService(context);
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new PreferredLanguages(context, common),
            new DefaultProfileValidationSupport(context),
            common,
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

  /** Common Languages (a preferred binding) checked as All Languages (its maximum binding). */
  static final class PreferredLanguages implements IValidationSupport {
    private static final String LANGUAGES = "http://hl7.org/fhir/ValueSet/languages";
    private static final String ALL_LANGUAGES = "http://hl7.org/fhir/ValueSet/all-languages";
    private final FhirContext context;
    private final CommonCodeSystemsTerminologyService common;

    PreferredLanguages(FhirContext context, CommonCodeSystemsTerminologyService common) {
      this.context = context;
      this.common = common;
    }

    @Override
    public FhirContext getFhirContext() {
      return context;
    }

    @Override
    public String getName() {
      return "nordhub preferred languages";
    }

    @Override
    public boolean isValueSetSupported(ValidationSupportContext support, String url) {
      return LANGUAGES.equals(url);
    }

    @Override
    public CodeValidationResult validateCode(
        ValidationSupportContext support,
        ConceptValidationOptions options,
        String system,
        String code,
        String display,
        String valueSetUrl) {
      if (!LANGUAGES.equals(valueSetUrl)) {
        return null;
      }
      return common.validateCode(support, options, system, code, display, ALL_LANGUAGES);
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(
        ValidationSupportContext support,
        ConceptValidationOptions options,
        String system,
        String code,
        String display,
        IBaseResource valueSet) {
      String url = valueSet == null ? null : context.newTerser().getSinglePrimitiveValueOrNull(valueSet, "url");
      return validateCode(support, options, system, code, display, url);
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
