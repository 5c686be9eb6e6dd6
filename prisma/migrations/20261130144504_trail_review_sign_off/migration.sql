-- CreateTable
CREATE TABLE "trail_review_sign_off" (
    "id" SERIAL NOT NULL,
    "lab_id" INTEGER NOT NULL,
    "period_from" CHAR(10) NOT NULL,
    "period_to" CHAR(10) NOT NULL,
    "content_hash" CHAR(64) NOT NULL,
    "exceptions" INTEGER NOT NULL,
    "meaning" "SignatureMeaning" NOT NULL,
    "signer_id" INTEGER NOT NULL,
    "signer_name" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "comment" TEXT,

    CONSTRAINT "trail_review_sign_off_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "trail_review_sign_off_lab_id_period_from_period_to_idx" ON "trail_review_sign_off"("lab_id", "period_from", "period_to");
