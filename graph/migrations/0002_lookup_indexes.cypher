// Lookup indexes for the filters the API offers and for code lookups by exact value or prefix.
CREATE INDEX code_system_code IF NOT EXISTS FOR (n:Code) ON (n.system, n.code);
CREATE INDEX code_code IF NOT EXISTS FOR (n:Code) ON (n.code);
CREATE INDEX condition_primary_code IF NOT EXISTS FOR (n:Condition) ON (n.codeSystem, n.code);
CREATE INDEX service_kind IF NOT EXISTS FOR (n:Service) ON (n.kind);
CREATE INDEX service_status IF NOT EXISTS FOR (n:Service) ON (n.status);
CREATE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind);
CREATE INDEX registry_scope IF NOT EXISTS FOR (n:QualityRegistry) ON (n.scope);
CREATE INDEX project_status IF NOT EXISTS FOR (n:CollaborationProject) ON (n.status);
CREATE INDEX project_area IF NOT EXISTS FOR (n:CollaborationProject) ON (n.area);
CREATE INDEX application_round IF NOT EXISTS FOR (n:Application) ON (n.roundYear);
CREATE INDEX decision_outcome IF NOT EXISTS FOR (n:Decision) ON (n.outcome);
CREATE INDEX document_date IF NOT EXISTS FOR (n:Document) ON (n.date);
CREATE INDEX document_kind IF NOT EXISTS FOR (n:Document) ON (n.kind);
