//! Table definitions for diesel, written by hand to match both migration folders. Only
//! types that both backends share are used (no Timestamptz, Uuid or Jsonb).

diesel::table! {
    jurisdictions (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        kind -> Text,
        place_name -> Text,
    }
}

diesel::table! {
    localities (id) {
        id -> BigInt,
        jurisdiction_id -> BigInt,
        code -> Text,
        name -> Text,
        kind -> Text,
        disadvantaged -> Bool,
        ethnic_minority -> Bool,
    }
}

diesel::table! {
    campaigns (id) {
        id -> BigInt,
        draft_id -> BigInt,
        organisation_id -> BigInt,
        code -> Text,
        title -> Text,
        goal -> Text,
        target_count -> Nullable<Integer>,
        starts_on -> Date,
        ends_on -> Date,
        state -> Text,
        via_link -> Bool,
        via_meetings -> Bool,
        via_groups -> Bool,
        via_social -> Bool,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    campaign_communes (campaign_id, locality_id) {
        campaign_id -> BigInt,
        locality_id -> BigInt,
    }
}

diesel::table! {
    campaign_sections (campaign_id, anchor) {
        campaign_id -> BigInt,
        anchor -> Text,
    }
}

diesel::table! {
    organisations (id) {
        id -> BigInt,
        jurisdiction_id -> BigInt,
        kind -> Text,
        name -> Text,
        short_name -> Text,
        parent_id -> Nullable<BigInt>,
        locality_id -> Nullable<BigInt>,
        office_address -> Text,
        office_phone -> Text,
        office_email -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agencies (id) {
        id -> BigInt,
        jurisdiction_id -> BigInt,
        slug -> Text,
        name -> Text,
        short_name -> Text,
        description -> Text,
        address -> Text,
        website -> Text,
        created_at -> Timestamp,
        locality_id -> Nullable<BigInt>,
        parent_body -> Text,
        abbreviation -> Text,
        signer_title -> Text,
    }
}

diesel::table! {
    legal_rules (id) {
        id -> BigInt,
        code -> Text,
        subject -> Text,
        days -> Integer,
        citation -> Text,
        source_url -> Text,
        confirmed -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    calendar_years (year) {
        year -> Integer,
        decision -> Text,
        source_url -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        source -> Text,
        source_url -> Text,
        confirmed -> Bool,
    }
}

diesel::table! {
    document_types (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        level -> Text,
        min_rule_id -> BigInt,
        needs_policy_proposal -> Bool,
        position -> Integer,
        reply_rule_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    drafts (id) {
        id -> BigInt,
        slug -> Text,
        number -> Nullable<Text>,
        document_type_id -> BigInt,
        agency_id -> BigInt,
        title -> Text,
        summary -> Text,
        publication -> Text,
        stage -> Text,
        opens_at -> Nullable<Timestamp>,
        closes_at -> Nullable<Timestamp>,
        period_note -> Text,
        impact_needs_proposal -> Bool,
        impact_rights -> Bool,
        impact_sensitive -> Bool,
        impact_wide -> Bool,
        revision -> BigInt,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_comments -> BigInt,
        whole_draft_comments -> BigInt,
        moderation -> Text,
        public_positions -> BigInt,
        whole_draft_positions -> BigInt,
        shortened_basis -> Text,
        needs_proposal_reason -> Text,
        unique_published -> BigInt,
    }
}

diesel::table! {
    draft_links (id) {
        id -> BigInt,
        draft_id -> BigInt,
        place -> Text,
        url -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    dossier_requirements (id) {
        id -> BigInt,
        document_type_id -> BigInt,
        stage -> Text,
        kind -> Text,
        citation -> Text,
        confirmed -> Bool,
    }
}

diesel::table! {
    draft_stage_events (id) {
        id -> BigInt,
        draft_id -> BigInt,
        stage -> Text,
        occurred_on -> Date,
        note -> Text,
        document_ref -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    draft_versions (id) {
        id -> BigInt,
        draft_id -> BigInt,
        number -> Integer,
        preamble -> Text,
        signature -> Text,
        source_text -> Text,
        change_note -> Text,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sections (id) {
        id -> BigInt,
        version_id -> BigInt,
        position -> Integer,
        parent_position -> Nullable<Integer>,
        depth -> Integer,
        kind -> Text,
        number -> Text,
        title -> Text,
        heading -> Text,
        body -> Text,
        anchor -> Text,
        published_comments -> BigInt,
        label -> Text,
        previous_id -> Nullable<BigInt>,
        change -> Text,
        public_positions -> BigInt,
    }
}

diesel::table! {
    attachments (id) {
        id -> BigInt,
        draft_id -> BigInt,
        kind -> Text,
        title -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        position -> Integer,
        created_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_reason -> Text,
    }
}

diesel::table! {
    comments (id) {
        id -> BigInt,
        draft_id -> BigInt,
        version_id -> BigInt,
        section_id -> Nullable<BigInt>,
        body -> Text,
        email -> Nullable<Text>,
        name -> Text,
        publish_name -> Bool,
        commenter_kind -> Text,
        organisation -> Text,
        locality_id -> Nullable<BigInt>,
        privacy_version -> Text,
        privacy_consented_at -> Timestamp,
        status -> Text,
        has_links -> Bool,
        dedupe_key -> Nullable<Text>,
        confirm_token_hash -> Nullable<Text>,
        confirm_expires_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        status_token_hash -> Text,
        published_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        public_body -> Nullable<Text>,
        rejection_reason -> Nullable<Text>,
        rejection_note -> Text,
        moderated_by -> Nullable<BigInt>,
        moderated_at -> Nullable<Timestamp>,
        response_id -> Nullable<BigInt>,
        section_changed -> Bool,
        original_section_id -> Nullable<BigInt>,
        public_position -> Nullable<BigInt>,
        scope_position -> Nullable<BigInt>,
        personal_data -> Text,
        campaign_id -> Nullable<BigInt>,
        similar_group -> Nullable<BigInt>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> BigInt,
        comment_id -> Nullable<BigInt>,
        purpose -> Text,
        recipient -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lock_token -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Text,
        sent_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        dead_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    accounts (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        role -> Text,
        agency_id -> Nullable<BigInt>,
        active -> Bool,
        session_epoch -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
        organisation_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        account_id -> Nullable<BigInt>,
        actor -> Text,
        action -> Text,
        object_type -> Text,
        object_id -> Nullable<BigInt>,
        draft_id -> Nullable<BigInt>,
        before_json -> Text,
        after_json -> Text,
    }
}

diesel::table! {
    responses (id) {
        id -> BigInt,
        draft_id -> BigInt,
        disposition -> Text,
        reason -> Text,
        answered_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    synthesis_reports (id) {
        id -> BigInt,
        draft_id -> BigInt,
        rows_json -> Text,
        totals_json -> Text,
        published_by -> Nullable<BigInt>,
        published_at -> Timestamp,
        version -> Integer,
        stats_json -> Text,
    }
}

diesel::table! {
    report_answers (id) {
        id -> BigInt,
        report_id -> BigInt,
        response_id -> Nullable<BigInt>,
        opinion_id -> Nullable<BigInt>,
        disposition -> Text,
        reason -> Text,
    }
}

diesel::table! {
    site_operator (id) {
        id -> BigInt,
        name -> Text,
        address -> Text,
        phone -> Text,
        email -> Text,
        website -> Text,
        revision -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    staff_sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        account_id -> BigInt,
        epoch -> Integer,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    staff_devices (id) {
        id -> BigInt,
        token_hash -> Text,
        account_id -> BigInt,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
    }
}

diesel::table! {
    consultation_letters (id) {
        id -> BigInt,
        draft_id -> BigInt,
        number -> Text,
        sent_on -> Date,
        reply_due -> Date,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    consultation_recipients (id) {
        id -> BigInt,
        letter_id -> BigInt,
        body -> Text,
    }
}

diesel::table! {
    received_opinions (id) {
        id -> BigInt,
        draft_id -> BigInt,
        source -> Text,
        organisation -> Text,
        document_number -> Text,
        document_date -> Nullable<Date>,
        received_on -> Date,
        section_id -> Nullable<BigInt>,
        body -> Text,
        attachment_id -> Nullable<BigInt>,
        recipient_id -> Nullable<BigInt>,
        disposition -> Nullable<Text>,
        reason -> Text,
        answered_by -> Nullable<BigInt>,
        answered_at -> Nullable<Timestamp>,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        meeting_id -> Nullable<BigInt>,
    }
}

diesel::joinable!(staff_sessions -> accounts (account_id));
diesel::joinable!(staff_devices -> accounts (account_id));
diesel::joinable!(localities -> jurisdictions (jurisdiction_id));
diesel::joinable!(agencies -> jurisdictions (jurisdiction_id));
diesel::joinable!(drafts -> agencies (agency_id));
diesel::joinable!(drafts -> document_types (document_type_id));
diesel::joinable!(document_types -> legal_rules (min_rule_id));
diesel::joinable!(draft_versions -> drafts (draft_id));
diesel::joinable!(draft_stage_events -> drafts (draft_id));
diesel::joinable!(sections -> draft_versions (version_id));
diesel::joinable!(attachments -> drafts (draft_id));
diesel::joinable!(comments -> drafts (draft_id));
diesel::joinable!(comments -> sections (section_id));
diesel::joinable!(comments -> localities (locality_id));
diesel::joinable!(mail_outbox -> comments (comment_id));
diesel::joinable!(accounts -> agencies (agency_id));
diesel::joinable!(accounts -> organisations (organisation_id));
diesel::joinable!(campaigns -> drafts (draft_id));
diesel::joinable!(campaigns -> organisations (organisation_id));
diesel::joinable!(campaign_communes -> campaigns (campaign_id));
diesel::joinable!(campaign_communes -> localities (locality_id));
diesel::joinable!(campaign_sections -> campaigns (campaign_id));
diesel::joinable!(responses -> drafts (draft_id));
diesel::joinable!(comments -> responses (response_id));
diesel::joinable!(synthesis_reports -> drafts (draft_id));
diesel::joinable!(consultation_letters -> drafts (draft_id));
diesel::joinable!(consultation_recipients -> consultation_letters (letter_id));
diesel::joinable!(received_opinions -> drafts (draft_id));
diesel::joinable!(received_opinions -> sections (section_id));
diesel::joinable!(critiques -> drafts (draft_id));
diesel::joinable!(critiques -> organisations (organisation_id));
diesel::joinable!(critique_points -> critiques (critique_id));
diesel::joinable!(critique_points -> sections (section_id));
diesel::joinable!(received_opinions -> consultation_recipients (recipient_id));

diesel::table! {
    front_meetings (id) {
        id -> BigInt,
        draft_id -> BigInt,
        campaign_id -> BigInt,
        organisation_id -> BigInt,
        held_on -> Date,
        locality_id -> BigInt,
        participants -> Integer,
        summary -> Text,
        minutes_sha256 -> Text,
        minutes_name -> Text,
        minutes_type -> Text,
        minutes_size -> BigInt,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(front_meetings -> localities (locality_id));
diesel::joinable!(received_opinions -> front_meetings (meeting_id));

diesel::table! {
    participation (draft_id, day, locality_id, campaign_id, commenter_kind) {
        draft_id -> BigInt,
        day -> Date,
        locality_id -> BigInt,
        campaign_id -> BigInt,
        commenter_kind -> Text,
        published -> BigInt,
    }
}

diesel::table! {
    similar_bands (draft_id, band_key) {
        draft_id -> BigInt,
        band_key -> BigInt,
        comment_id -> BigInt,
    }
}

diesel::table! {
    critiques (id) {
        id -> BigInt,
        draft_id -> BigInt,
        organisation_id -> BigInt,
        state -> Text,
        request_number -> Text,
        request_date -> Date,
        dossier_sent_on -> Date,
        planned_submission -> Date,
        lead_days -> Integer,
        shortened_reason -> Text,
        received_on -> Nullable<Date>,
        form -> Nullable<Text>,
        critiqued_on -> Nullable<Date>,
        document_number -> Text,
        document_sha256 -> Nullable<Text>,
        document_name -> Nullable<Text>,
        document_type -> Nullable<Text>,
        document_size -> Nullable<BigInt>,
        submitted_at -> Nullable<Timestamp>,
        answer_number -> Text,
        answered_on -> Nullable<Date>,
        published_at -> Nullable<Timestamp>,
        withdrawn_reason -> Text,
        requested_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    critique_files (critique_id, attachment_id) {
        critique_id -> BigInt,
        attachment_id -> BigInt,
    }
}

diesel::table! {
    critique_points (id) {
        id -> BigInt,
        critique_id -> BigInt,
        position -> Integer,
        section_id -> Nullable<BigInt>,
        body -> Text,
        recommendation -> Text,
        disposition -> Nullable<Text>,
        reason -> Text,
        answered_by -> Nullable<BigInt>,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    critique_reminders (critique_id, deadline, due, days_before) {
        critique_id -> BigInt,
        deadline -> Text,
        due -> Date,
        days_before -> Integer,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    similar_group_counts (group_id) {
        group_id -> BigInt,
        draft_id -> BigInt,
        published -> BigInt,
    }
}

diesel::table! {
    similar_signatures (comment_id) {
        comment_id -> BigInt,
        similar_group -> BigInt,
        slots -> Binary,
        negated -> Binary,
    }
}

diesel::table! {
    rate_limits (bucket, key) {
        bucket -> Text,
        key -> Text,
        tat -> BigInt,
    }
}

diesel::table! {
    file_contents (sha256) {
        sha256 -> Text,
        content -> Binary,
        size_bytes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    answer_tallies (response_id, place, commenter_kind) {
        response_id -> BigInt,
        draft_id -> BigInt,
        place -> BigInt,
        commenter_kind -> Text,
        comments -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    report_answers,
    consultation_letters,
    consultation_recipients,
    received_opinions,
    jurisdictions,
    draft_links,
    dossier_requirements,
    draft_stage_events,
    legal_rules,
    localities,
    agencies,
    document_types,
    drafts,
    draft_versions,
    sections,
    attachments,
    comments,
    mail_outbox,
    accounts,
    staff_sessions,
    staff_devices,
    audit_log,
    responses,
    synthesis_reports,
    file_contents,
    answer_tallies,
    organisations,
    campaigns,
    campaign_communes,
    campaign_sections,
    similar_bands,
    similar_signatures,
    similar_group_counts,
    critiques,
    critique_files,
    critique_points,
    critique_reminders,
    front_meetings,
    participation,
);

// The synthesis report groups comments by answer and section together.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    comments::response_id,
    sections::position,
    sections::label,
);

diesel::table! {
    /// The database's own search index (the full-text part lives in search_fts on
    /// SQLite and in the tsv column on PostgreSQL, neither of which diesel needs to know).
    search_docs (id) {
        id -> BigInt,
        doc_id -> Text,
        kind -> Text,
        draft_id -> BigInt,
        title -> Text,
        body -> Text,
        folded_title -> Text,
        folded -> Text,
        link -> Text,
        commenter_kind -> Text,
        commune -> Text,
        date -> Timestamp,
    }
}

diesel::table! {
    search_outbox (id) {
        id -> BigInt,
        entity -> Text,
        entity_id -> BigInt,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        done_at -> Nullable<Timestamp>,
        dead_at -> Nullable<Timestamp>,
        last_error -> Text,
    }
}

diesel::table! {
    /// One row per background job: its lease, and for a scheduled job its slots (see
    /// `jobs`).
    jobs (name) {
        name -> Text,
        lease_token -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        running_slot -> Nullable<Timestamp>,
        done_slot -> Nullable<Timestamp>,
        failures -> Integer,
        retry_at -> Nullable<Timestamp>,
        last_error -> Text,
        given_up -> Integer,
        last_started_at -> Nullable<Timestamp>,
        last_ok_at -> Nullable<Timestamp>,
    }
}
