"""Schema version 3: the tables of the case-study workbench (prefix ``cw_``: casework),
written out as shipped.

Every object a researcher can exchange with another QDA tool carries a ``guid`` (the REFI-QDA
identity) beside its short integer ``id`` (what the CLI shows). Text positions are Unicode code
points counted from 0 in the document's stored ``text``: ``start_pos`` inclusive, ``end_pos``
exclusive. No foreign-key or unique constraints: DuckDB checks them eagerly inside a transaction,
which would make merge and split awkward; the functions of :mod:`siaran.casework` keep the
references whole instead, each change in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

CASEWORK_DDL: Final = """
CREATE SEQUENCE cw_case_ids START 1;
CREATE SEQUENCE cw_document_ids START 1;
CREATE SEQUENCE cw_code_ids START 1;
CREATE SEQUENCE cw_excerpt_ids START 1;
CREATE SEQUENCE cw_coding_ids START 1;
CREATE SEQUENCE cw_memo_ids START 1;
CREATE SEQUENCE cw_suggestion_ids START 1;

CREATE TABLE cw_coders (
  name VARCHAR PRIMARY KEY,
  guid VARCHAR NOT NULL
);

CREATE TABLE cw_cases (
  id BIGINT PRIMARY KEY DEFAULT nextval('cw_case_ids'),
  guid VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  description VARCHAR,
  case_set VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  created_by VARCHAR NOT NULL
);

CREATE TABLE cw_variables (
  guid VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  type VARCHAR NOT NULL,
  description VARCHAR
);

CREATE TABLE cw_case_values (
  case_id BIGINT NOT NULL,
  variable_guid VARCHAR NOT NULL,
  value VARCHAR NOT NULL
);

CREATE TABLE cw_case_accounts (
  case_id BIGINT NOT NULL,
  account VARCHAR NOT NULL
);

CREATE TABLE cw_case_documents (
  case_id BIGINT NOT NULL,
  document_id BIGINT NOT NULL
);

CREATE TABLE cw_documents (
  id BIGINT PRIMARY KEY DEFAULT nextval('cw_document_ids'),
  guid VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  source_type VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  text VARCHAR,
  text_length BIGINT,
  text_sha256 VARCHAR,
  raw_sha256 VARCHAR,
  raw_file VARCHAR,
  original_name VARCHAR,
  description VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  created_by VARCHAR NOT NULL
);

CREATE TABLE cw_codes (
  id BIGINT PRIMARY KEY DEFAULT nextval('cw_code_ids'),
  guid VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  parent_id BIGINT,
  description VARCHAR,
  inclusion VARCHAR,
  exclusion VARCHAR,
  color VARCHAR,
  codable BOOLEAN NOT NULL,
  keywords VARCHAR,
  cues VARCHAR,
  position INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  created_by VARCHAR NOT NULL
);

CREATE TABLE cw_excerpts (
  id BIGINT PRIMARY KEY DEFAULT nextval('cw_excerpt_ids'),
  guid VARCHAR NOT NULL,
  document_id BIGINT NOT NULL,
  start_pos BIGINT NOT NULL,
  end_pos BIGINT NOT NULL,
  quote VARCHAR,
  coder VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE cw_codings (
  id BIGINT PRIMARY KEY DEFAULT nextval('cw_coding_ids'),
  guid VARCHAR NOT NULL,
  excerpt_id BIGINT NOT NULL,
  code_id BIGINT NOT NULL,
  coder VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE cw_memos (
  id BIGINT PRIMARY KEY DEFAULT nextval('cw_memo_ids'),
  guid VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  target_id BIGINT,
  title VARCHAR NOT NULL,
  body VARCHAR NOT NULL,
  author VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE cw_suggestions (
  id BIGINT PRIMARY KEY DEFAULT nextval('cw_suggestion_ids'),
  document_id BIGINT NOT NULL,
  start_pos BIGINT NOT NULL,
  end_pos BIGINT NOT NULL,
  code_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  rule VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  decided_by VARCHAR,
  decided_at TIMESTAMPTZ,
  excerpt_id BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE cw_audit (
  seq BIGINT PRIMARY KEY,
  recorded_at VARCHAR NOT NULL,
  actor VARCHAR NOT NULL,
  action VARCHAR NOT NULL,
  target VARCHAR NOT NULL,
  detail VARCHAR NOT NULL,
  rationale VARCHAR,
  prev_hash VARCHAR NOT NULL,
  hash VARCHAR NOT NULL
);
"""


def add_casework(con: duckdb.DuckDBPyConnection) -> None:
    """Version 2 to 3."""
    con.execute(CASEWORK_DDL)
