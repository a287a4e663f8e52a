CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"connection_id" text,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"operation" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"remote_id" text,
	"outcome" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "inbound_events" (
	"tenant_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb,
	CONSTRAINT "inbound_events_tenant_id_event_id_pk" PRIMARY KEY("tenant_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "lime_delivery" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"delivered_seq" bigint DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"last_success_at" timestamp with time zone,
	"failing_since" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbound_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbound_events_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"tenant_id" text NOT NULL,
	"client_id" text NOT NULL,
	"category" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"middle_name" text,
	"birth_date" date,
	"gender" text,
	"phone" text,
	"email" text,
	"registration_channel" text NOT NULL,
	"cards" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"marketing_consent" boolean,
	"state_at" timestamp (3) with time zone NOT NULL,
	"erased_at" timestamp with time zone,
	CONSTRAINT "clients_tenant_id_client_id_pk" PRIMARY KEY("tenant_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "family_links" (
	"tenant_id" text NOT NULL,
	"parent_id" text NOT NULL,
	"child_id" text NOT NULL,
	"relation" text NOT NULL,
	"linked" boolean NOT NULL,
	"state_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "family_links_tenant_id_parent_id_child_id_pk" PRIMARY KEY("tenant_id","parent_id","child_id")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"tenant_id" text NOT NULL,
	"product_id" text NOT NULL,
	"name" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"sku" text,
	"group_name" text,
	"kind" text,
	"active" boolean NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"state_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "products_tenant_id_product_id_pk" PRIMARY KEY("tenant_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"tenant_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"client_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"service_point" jsonb NOT NULL,
	"card_number" text,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "transactions_tenant_id_transaction_id_pk" PRIMARY KEY("tenant_id","transaction_id")
);
--> statement-breakpoint
CREATE TABLE "preorders" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"remote_id" text NOT NULL,
	"composition" jsonb,
	"composition_fp" text,
	"sent_count" integer DEFAULT 0 NOT NULL,
	"lime_status" text,
	"lime_status_at" timestamp (3) with time zone,
	"lime_order_number" text,
	"crm_pending" jsonb,
	"problem_fp" text,
	"crm_cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"connection_id" text,
	"flow" text NOT NULL,
	"entity_id" text NOT NULL,
	"error" jsonb NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dirty" (
	"connection_id" text NOT NULL,
	"flow" text NOT NULL,
	"entity_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone,
	CONSTRAINT "dirty_connection_id_flow_entity_id_pk" PRIMARY KEY("connection_id","flow","entity_id")
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"source" text NOT NULL,
	"changes" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "links" (
	"connection_id" text NOT NULL,
	"entity" text NOT NULL,
	"local_id" text NOT NULL,
	"remote_id" text NOT NULL,
	"baseline" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"remote_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "links_connection_id_entity_local_id_pk" PRIMARY KEY("connection_id","entity","local_id")
);
--> statement-breakpoint
CREATE TABLE "rate_slots" (
	"key" text PRIMARY KEY NOT NULL,
	"tat" timestamp (6) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remote_contacts" (
	"connection_id" text NOT NULL,
	"remote_id" text NOT NULL,
	"lime_id" text,
	"phone_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"email_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remote_contacts_connection_id_remote_id_pk" PRIMARY KEY("connection_id","remote_id")
);
--> statement-breakpoint
CREATE TABLE "resync_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"scope" text NOT NULL,
	"state" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"cursor" text,
	"error" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"credentials_enc" text NOT NULL,
	"options" jsonb NOT NULL,
	"schema" jsonb,
	"setup_report" jsonb,
	"setup_at" timestamp with time zone,
	"hook_secret_enc" text NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_error" jsonb,
	"token_lease_until" timestamp with time zone,
	"poll_cursor" text,
	"polled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"state" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"input_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"lime_webhook_url" text,
	"api_key_hash" text NOT NULL,
	"webhook_secret_enc" text NOT NULL,
	"birthdays_swept_on" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_api_key_hash_unique" UNIQUE("api_key_hash")
);
--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_entity" ON "audit_log" USING btree ("tenant_id","entity","entity_id","id");--> statement-breakpoint
CREATE INDEX "audit_tenant" ON "audit_log" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "inbound_events_subject" ON "inbound_events" USING btree ("tenant_id","subject");--> statement-breakpoint
CREATE INDEX "outbound_events_tenant_seq" ON "outbound_events" USING btree ("tenant_id","seq");--> statement-breakpoint
CREATE INDEX "outbound_subject" ON "outbound_events" USING btree ("tenant_id","subject");--> statement-breakpoint
CREATE INDEX "family_links_child" ON "family_links" USING btree ("tenant_id","child_id");--> statement-breakpoint
CREATE INDEX "transactions_client_time" ON "transactions" USING btree ("tenant_id","client_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "preorders_remote" ON "preorders" USING btree ("connection_id","remote_id");--> statement-breakpoint
CREATE INDEX "preorders_tenant" ON "preorders" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dead_letters_open" ON "dead_letters" USING btree ("connection_id","flow","entity_id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "dead_letters_tenant" ON "dead_letters" USING btree ("tenant_id","last_at");--> statement-breakpoint
CREATE INDEX "dirty_due" ON "dirty" USING btree ("connection_id","flow","since");--> statement-breakpoint
CREATE INDEX "inbox_connection" ON "inbox" USING btree ("connection_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "links_remote" ON "links" USING btree ("connection_id","entity","remote_id");--> statement-breakpoint
CREATE INDEX "remote_contacts_lime" ON "remote_contacts" USING btree ("connection_id","lime_id");--> statement-breakpoint
CREATE INDEX "remote_contacts_phones" ON "remote_contacts" USING gin ("phone_keys");--> statement-breakpoint
CREATE INDEX "remote_contacts_emails" ON "remote_contacts" USING gin ("email_keys");