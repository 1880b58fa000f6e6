// Every domain node carries the label Entity and a globally unique, stable id
// (a type prefix and a slug, e.g. service:no-retinoblastom), plus a unique id per label.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_code IF NOT EXISTS FOR (n:Country) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT location_id IF NOT EXISTS FOR (n:Location) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT service_id IF NOT EXISTS FOR (n:Service) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT service_kind_id IF NOT EXISTS FOR (n:ServiceKind) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT condition_id IF NOT EXISTS FOR (n:Condition) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT procedure_id IF NOT EXISTS FOR (n:Procedure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT code_id IF NOT EXISTS FOR (n:Code) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT registry_id IF NOT EXISTS FOR (n:QualityRegistry) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:CollaborationProject) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT log_entry_id IF NOT EXISTS FOR (n:LogEntry) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT application_list_id IF NOT EXISTS FOR (n:ApplicationList) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT application_id IF NOT EXISTS FOR (n:Application) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT assessment_id IF NOT EXISTS FOR (n:Assessment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:Decision) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT legal_provision_id IF NOT EXISTS FOR (n:LegalProvision) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT governance_rule_id IF NOT EXISTS FOR (n:GovernanceRule) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT registry_coverage_id IF NOT EXISTS FOR (n:RegistryCoverage) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT seed_state_id IF NOT EXISTS FOR (n:SeedState) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (n:Migration) REQUIRE n.version IS UNIQUE;
