import Postgres

/// The versioned database schema of Meridian, applied by `meridian migrate` and, when asked, at node start.
///
/// Migrations are append-only: a released migration is never edited, a change is a new version.
public enum SchedulerSchema {
    /// Every migration, oldest first.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "tenants, jobs, shard leases, fire ledger", sql: initial),
        Migration(version: 2, name: "daily fire partitions ahead", sql: partitionFunction),
        Migration(version: 3, name: "node holding an attempt", sql: claimedBy),
    ]

    static let claimedBy = """
        alter table fires add column claimed_by text;
        """

    static let initial = """
        create table tenants (
            id text primary key,
            signing_secret text not null,
            created_at timestamptz not null default now()
        );

        create table jobs (
            id uuid primary key,
            tenant text not null,
            name text not null,
            schedule text not null,
            schedule_kind text not null check (schedule_kind in ('cron', 'every', 'at')),
            time_zone text not null,
            dst_policy text not null,
            misfire_policy text not null,
            catch_up_window_ms bigint not null,
            max_catch_up int not null,
            anchor_at timestamptz not null,
            target jsonb not null,
            retry jsonb not null,
            priority int not null,
            home_region text not null,
            shard int not null,
            is_active boolean not null,
            status text not null check (status in ('active', 'paused', 'completed')),
            next_execution_at timestamptz,
            version bigint not null default 1,
            created_at timestamptz not null default now(),
            updated_at timestamptz not null default now()
        );
        create index jobs_due on jobs (home_region, shard, next_execution_at) where is_active;
        create index jobs_listing on jobs (tenant, created_at desc, id desc);
        create index jobs_by_status on jobs (tenant, status, is_active);

        create table shard_leases (
            region text not null,
            shard int not null,
            epoch bigint not null default 0,
            holder_node text,
            holder_pid int,
            acquired_at timestamptz,
            primary key (region, shard)
        );

        create table fires (
            id uuid not null,
            job_id uuid not null,
            tenant text not null,
            region text not null,
            shard int not null,
            epoch bigint not null,
            nominal_at timestamptz not null,
            due_at timestamptz not null,
            state text not null check (state in
                ('pending', 'queued', 'delivering', 'succeeded', 'failed', 'dead', 'skipped', 'missed')),
            trigger text not null,
            attempt int not null default 0,
            priority int not null,
            reason text,
            next_attempt_at timestamptz,
            started_at timestamptz,
            finished_at timestamptz,
            http_status int,
            error text,
            lateness_ms double precision,
            created_at timestamptz not null default now(),
            primary key (id, nominal_at),
            unique (job_id, nominal_at)
        ) partition by range (nominal_at);
        create table fires_default partition of fires default;
        create index fires_by_job on fires (job_id, nominal_at desc, id desc);
        create index fires_open on fires (region, shard, state, next_attempt_at)
            where state in ('pending', 'queued', 'delivering', 'failed');
        """

    static let partitionFunction = """
        create function meridian_ensure_fire_partitions(days_ahead int) returns int
        language plpgsql as $$
        declare
            day date;
            created int := 0;
            partition_name text;
        begin
            for offset_days in 0..days_ahead loop
                day := (now() at time zone 'UTC')::date + offset_days;
                partition_name := 'fires_' || to_char(day, 'YYYYMMDD');
                if to_regclass(partition_name) is null then
                    begin
                        execute format(
                            'create table %I partition of fires for values from (%L) to (%L)',
                            partition_name, day::timestamp at time zone 'UTC', (day + 1)::timestamp at time zone 'UTC');
                        created := created + 1;
                    exception when check_violation then
                        -- Rows of that day already sit in the default partition; they stay there.
                        null;
                    end;
                end if;
            end loop;
            return created;
        end $$;

        create function meridian_drop_fire_partitions(retention_days int) returns int
        language plpgsql as $$
        declare
            partition record;
            dropped int := 0;
            cutoff date := (now() at time zone 'UTC')::date - retention_days;
        begin
            for partition in
                select c.relname from pg_inherits i
                join pg_class c on c.oid = i.inhrelid
                join pg_class p on p.oid = i.inhparent
                where p.relname = 'fires' and c.relname ~ '^fires_[0-9]{8}$'
            loop
                if to_date(substr(partition.relname, 7), 'YYYYMMDD') < cutoff then
                    execute format('drop table %I', partition.relname);
                    dropped := dropped + 1;
                end if;
            end loop;
            return dropped;
        end $$;

        select meridian_ensure_fire_partitions(7);
        """
}
