// Full-text search over names and synonyms of conditions, procedures and services.
// One index per language analyzer (Lucene stemming and stop words for that language); Icelandic
// has no Lucene analyzer, so it and the all-language index fold case and diacritics instead.
CREATE FULLTEXT INDEX search_norwegian IF NOT EXISTS
FOR (n:Condition|Procedure|Service) ON EACH [n.name_nb, n.synonyms_nb, n.name_nn, n.synonyms_nn]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'norwegian', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_swedish IF NOT EXISTS
FOR (n:Condition|Procedure|Service) ON EACH [n.name_sv, n.synonyms_sv]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'swedish', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_danish IF NOT EXISTS
FOR (n:Condition|Procedure|Service) ON EACH [n.name_da, n.synonyms_da]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'danish', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_finnish IF NOT EXISTS
FOR (n:Condition|Procedure|Service) ON EACH [n.name_fi, n.synonyms_fi]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'finnish', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_english IF NOT EXISTS
FOR (n:Condition|Procedure|Service) ON EACH [n.name_en, n.synonyms_en]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_icelandic IF NOT EXISTS
FOR (n:Condition|Procedure|Service) ON EACH [n.name_is, n.synonyms_is]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
CREATE FULLTEXT INDEX search_folded IF NOT EXISTS
FOR (n:Condition|Procedure|Service) ON EACH [
  n.name_nb, n.synonyms_nb, n.name_nn, n.synonyms_nn, n.name_sv, n.synonyms_sv,
  n.name_da, n.synonyms_da, n.name_fi, n.synonyms_fi, n.name_is, n.synonyms_is,
  n.name_en, n.synonyms_en, n.name_se, n.synonyms_se, n.name_fo, n.synonyms_fo,
  n.name_kl, n.synonyms_kl]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
