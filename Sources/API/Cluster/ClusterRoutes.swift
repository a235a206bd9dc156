import Cluster
import Foundation
import HTTP
import Postgres

/// `GET /v1/cluster[?region=R]`: the member table as this node sees it, and the shard map of every region (or of
/// `R`): holder and epoch from `shard_leases`, desired owner from this node's assignment.
///
/// Admin only: the bearer token's tenant must be one of ``adminTenants``; any other valid token gets 403. With no
/// admin tenant configured the route refuses everyone.
public struct ClusterRoutes: Sendable {
    /// What the node knows right now.
    public struct Snapshot: Sendable {
        /// This node's id.
        public var nodeID: String
        /// Every member known, this node included.
        public var members: [Member]
        /// The desired leader of each shard, by this node's view of membership.
        public var desiredOwners: [ShardID: String]

        /// Creates a snapshot.
        public init(nodeID: String, members: [Member], desiredOwners: [ShardID: String]) {
            self.nodeID = nodeID
            self.members = members
            self.desiredOwners = desiredOwners
        }
    }

    /// Tenants whose tokens may read the cluster state.
    public let adminTenants: Set<String>
    private let pool: PostgresPool
    private let snapshot: @Sendable () -> Snapshot

    /// - Parameters:
    ///   - adminTenants: tenants allowed; empty refuses everyone.
    ///   - pool: connections to the primary, to read `shard_leases`.
    ///   - snapshot: reads the node's membership and assignment; called once per request.
    public init(adminTenants: Set<String>, pool: PostgresPool, snapshot: @escaping @Sendable () -> Snapshot) {
        self.adminTenants = adminTenants
        self.pool = pool
        self.snapshot = snapshot
    }

    func register(on router: inout Router, authenticator: Authenticator) {
        router.add(
            "GET", "/v1/cluster",
            authenticator.require { request, tenant in
                try show(tenant: tenant, region: request.query["region"])
            })
    }

    private struct MemberBody: Encodable {
        var id: String
        var region: String
        var address: String
        var state: String
        var incarnation: UInt64
    }

    private struct ShardBody: Encodable {
        var region: String
        var shard: Int
        var owner: String?
        var epoch: Int64
        var acquiredAt: String?
        var desiredOwner: String?
    }

    private struct Body: Encodable {
        var node: String
        var members: [MemberBody]
        var shards: [ShardBody]
    }

    private func show(tenant: String, region: String?) throws -> HTTPResponse {
        guard adminTenants.contains(tenant) else {
            throw Problem(status: 403, code: "forbidden", title: "Forbidden", detail: "the cluster view is for admins")
        }
        let view = snapshot()
        let members = view.members.map {
            MemberBody(
                id: $0.id, region: $0.region, address: $0.address.description, state: $0.state.rawValue,
                incarnation: $0.incarnation)
        }
        let desired = view.desiredOwners.filter { region == nil || $0.key.region == region }
        return .json(Body(node: view.nodeID, members: members, shards: try shards(desired: desired, region: region)))
    }

    /// Every shard (of `region`, or of all regions) with a lease row or a desired owner, by region and shard.
    private func shards(desired: [ShardID: String], region: String?) throws -> [ShardBody] {
        let rows = try pool.withConnection { connection in
            try connection.query(
                "select region, shard, epoch, holder_node, acquired_at from shard_leases "
                    + "where $1::text is null or region = $1",
                [region]
            ).rows
        }
        var shards: [ShardID: ShardBody] = [:]
        for row in rows {
            let id = ShardID(region: try row.string("region"), shard: try row.int("shard"))
            shards[id] = ShardBody(
                region: id.region, shard: id.shard, owner: try row.optionalString("holder_node"),
                epoch: try row.int64("epoch"),
                acquiredAt: try row.optionalDate("acquired_at").map { RFC3339.format($0) },
                desiredOwner: desired[id])
        }
        for (id, owner) in desired where shards[id] == nil {
            shards[id] = ShardBody(region: id.region, shard: id.shard, epoch: 0, desiredOwner: owner)
        }
        return shards.sorted { $0.key < $1.key }.map(\.value)
    }
}
