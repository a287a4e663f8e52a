CREATE TABLE "cards" (
	"tenant_id" text NOT NULL,
	"number" text NOT NULL,
	"client_id" text NOT NULL,
	CONSTRAINT "cards_tenant_id_number_pk" PRIMARY KEY("tenant_id","number")
);
--> statement-breakpoint
CREATE INDEX "cards_client" ON "cards" USING btree ("tenant_id","client_id");