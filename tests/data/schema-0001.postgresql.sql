-- The schema of the first release (commit f06ca95, 2026-11-25) as postgresql DDL, for the
-- migration test: a database made by that release, before migrations existed.

CREATE TABLE changes (
	change_id SERIAL NOT NULL, 
	recorded_at TIMESTAMP WITH TIME ZONE NOT NULL, 
	recorded_by VARCHAR(120) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	reason TEXT NOT NULL, 
	PRIMARY KEY (change_id)
);

CREATE TABLE action_items (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	meeting_key VARCHAR(120) NOT NULL, 
	text_ko TEXT NOT NULL, 
	text_en TEXT NOT NULL, 
	owner VARCHAR(200), 
	due_on DATE, 
	status VARCHAR(20) NOT NULL, 
	completed_on DATE, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_action_items_key_valid_from ON action_items (key, valid_from);

CREATE TABLE agreement_tallies (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	counted_on DATE NOT NULL, 
	cumulative_agreements INTEGER, 
	batch_size INTEGER, 
	seq_from INTEGER, 
	seq_to INTEGER, 
	offices_cumulative INTEGER, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_agreement_tallies_key_valid_from ON agreement_tallies (key, valid_from);

CREATE TABLE agreements (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	partner_key VARCHAR(120), 
	kind VARCHAR(20) NOT NULL, 
	signed_on DATE, 
	seq_no INTEGER, 
	batch_label VARCHAR(50), 
	pledged_investment_won BIGINT, 
	pledged_jobs INTEGER, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_agreements_key_valid_from ON agreements (key, valid_from);

CREATE TABLE budget_lines (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	plan_version_key VARCHAR(120) NOT NULL, 
	project_key VARCHAR(120), 
	year INTEGER, 
	funding_source VARCHAR(20) NOT NULL, 
	amount_won BIGINT NOT NULL, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_budget_lines_key_valid_from ON budget_lines (key, valid_from);

CREATE TABLE centres (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	partner_key VARCHAR(120) NOT NULL, 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300), 
	opened_on DATE, 
	site_key VARCHAR(120), 
	lat FLOAT, 
	lon FLOAT, 
	is_approximate BOOLEAN NOT NULL, 
	headcount INTEGER, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_centres_key_valid_from ON centres (key, valid_from);

CREATE TABLE committee_bodies (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	parent_key VARCHAR(120), 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300) NOT NULL, 
	kind VARCHAR(30) NOT NULL, 
	formed_on DATE, 
	formed_precision VARCHAR(5), 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_committee_bodies_key_valid_from ON committee_bodies (key, valid_from);

CREATE TABLE decisions (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	meeting_key VARCHAR(120) NOT NULL, 
	text_ko TEXT NOT NULL, 
	text_en TEXT NOT NULL, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_decisions_key_valid_from ON decisions (key, valid_from);

CREATE TABLE expenditures (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	project_key VARCHAR(120) NOT NULL, 
	spent_on DATE NOT NULL, 
	funding_source VARCHAR(20) NOT NULL, 
	amount_won BIGINT NOT NULL, 
	reference VARCHAR(200), 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_expenditures_key_valid_from ON expenditures (key, valid_from);

CREATE TABLE initiatives (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	region_key VARCHAR(120) NOT NULL, 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300) NOT NULL, 
	phase INTEGER, 
	start_year INTEGER, 
	end_year INTEGER, 
	envelope_won BIGINT, 
	status VARCHAR(20), 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_initiatives_key_valid_from ON initiatives (key, valid_from);

CREATE TABLE meetings (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	body_key VARCHAR(120) NOT NULL, 
	held_on DATE NOT NULL, 
	number INTEGER, 
	title_ko VARCHAR(300) NOT NULL, 
	title_en VARCHAR(300) NOT NULL, 
	location_ko VARCHAR(300), 
	agenda_ko TEXT, 
	agenda_en TEXT, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_meetings_key_valid_from ON meetings (key, valid_from);

CREATE TABLE milestones (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	project_key VARCHAR(120), 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300) NOT NULL, 
	baseline_date DATE, 
	baseline_precision VARCHAR(5), 
	forecast_date DATE, 
	actual_date DATE, 
	actual_precision VARCHAR(5), 
	status VARCHAR(20) NOT NULL, 
	progress_pct FLOAT, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_milestones_key_valid_from ON milestones (key, valid_from);

CREATE TABLE partners (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300), 
	kind VARCHAR(30) NOT NULL, 
	sector VARCHAR(100), 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_partners_key_valid_from ON partners (key, valid_from);

CREATE TABLE plan_versions (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	label_ko VARCHAR(300) NOT NULL, 
	label_en VARCHAR(300) NOT NULL, 
	announced_on DATE NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	total_won BIGINT, 
	reason_ko TEXT, 
	reason_en TEXT, 
	confidence VARCHAR(1), 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_plan_versions_key_valid_from ON plan_versions (key, valid_from);

CREATE TABLE projects (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	parent_key VARCHAR(120), 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300) NOT NULL, 
	category VARCHAR(30) NOT NULL, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_projects_key_valid_from ON projects (key, valid_from);

CREATE TABLE regions (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	kostat_code VARCHAR(10) NOT NULL, 
	name_ko VARCHAR(200) NOT NULL, 
	name_en VARCHAR(200) NOT NULL, 
	level VARCHAR(20) NOT NULL, 
	lat FLOAT, 
	lon FLOAT, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_regions_key_valid_from ON regions (key, valid_from);

CREATE TABLE sites (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300) NOT NULL, 
	kind VARCHAR(30) NOT NULL, 
	address_ko VARCHAR(300), 
	area_m2 FLOAT, 
	lat FLOAT, 
	lon FLOAT, 
	polygon_geojson TEXT, 
	is_approximate BOOLEAN NOT NULL, 
	accuracy_m FLOAT, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_sites_key_valid_from ON sites (key, valid_from);

CREATE TABLE sources (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	outlet VARCHAR(200) NOT NULL, 
	published_on DATE, 
	title TEXT, 
	url TEXT, 
	language VARCHAR(5), 
	confidence VARCHAR(1), 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_sources_key_valid_from ON sources (key, valid_from);

CREATE TABLE strategies (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	initiative_key VARCHAR(120) NOT NULL, 
	number INTEGER NOT NULL, 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300) NOT NULL, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_strategies_key_valid_from ON strategies (key, valid_from);

CREATE TABLE tasks (
	row_id SERIAL NOT NULL, 
	key VARCHAR(120) NOT NULL, 
	strategy_key VARCHAR(120) NOT NULL, 
	number INTEGER NOT NULL, 
	name_ko VARCHAR(300) NOT NULL, 
	name_en VARCHAR(300) NOT NULL, 
	progress_pct FLOAT, 
	status VARCHAR(20) NOT NULL, 
	source_key VARCHAR(120), 
	is_estimate BOOLEAN NOT NULL, 
	note TEXT, 
	valid_from DATE NOT NULL, 
	is_deleted BOOLEAN NOT NULL, 
	change_id INTEGER NOT NULL, 
	PRIMARY KEY (row_id), 
	FOREIGN KEY(change_id) REFERENCES changes (change_id)
);

CREATE INDEX ix_tasks_key_valid_from ON tasks (key, valid_from);
