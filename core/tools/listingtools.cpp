// SPDX-License-Identifier: MIT
#include "listingtools.h"

#include "tools/schema.h"
#include "tools/toolsupport.h"

#include <QJsonArray>

#include <algorithm>
#include <climits>

namespace Sanzaru::Core {

QJsonObject ListingTools::inputSchema(const QStringList &fileTypes)
{
    return Schema::object(
        {{QStringLiteral("pattern"), Schema::string(QStringLiteral("Glob relative to the folder (* ? [..], ** recurses); default *"))},
         {QStringLiteral("file_type"), Schema::withDefault(Schema::stringEnum(fileTypes, QStringLiteral("Filter by type")), QStringLiteral("all"))},
         {QStringLiteral("sort_by"), Schema::withDefault(Schema::stringEnum({QStringLiteral("name"), QStringLiteral("size"), QStringLiteral("modified")}, QStringLiteral("Sort key")), QStringLiteral("modified"))},
         {QStringLiteral("order"), Schema::withDefault(Schema::stringEnum({QStringLiteral("asc"), QStringLiteral("desc")}, QStringLiteral("Sort order")), QStringLiteral("desc"))},
         {QStringLiteral("limit"), Schema::withDefault(Schema::integer(QStringLiteral("Maximum number of files")), 50)}});
}

QJsonObject ListingTools::outputSchema()
{
    const QJsonObject item = Schema::object({{QStringLiteral("filename"), Schema::string({})},
                                             {QStringLiteral("size_bytes"), Schema::integer({})},
                                             {QStringLiteral("modified_timestamp"), Schema::integer({})},
                                             {QStringLiteral("file_type"), Schema::string({})}},
                                            {QStringLiteral("filename"), QStringLiteral("size_bytes"),
                                             QStringLiteral("modified_timestamp"), QStringLiteral("file_type")});
    return Schema::object({{QStringLiteral("data"), QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                                                {QStringLiteral("items"), item}}}},
                          {QStringLiteral("data")});
}

void ListingTools::listFolder(ToolCall *call, ToolContext *context, const MediaFolder &folder, const FileTypes &types)
{
    const QJsonObject args = call->arguments();
    const QString fileType = args.value(QStringLiteral("file_type")).toString();
    QStringList extensions;
    for (const auto &[type, exts] : types)
        if (fileType == QStringLiteral("all") || fileType == type)
            extensions += exts;
    const QString sortKey = args.value(QStringLiteral("sort_by")).toString();
    const SortBy sortBy = sortKey == QStringLiteral("name")   ? SortBy::Name
                          : sortKey == QStringLiteral("size") ? SortBy::Size
                                                              : SortBy::Modified;
    const bool descending = args.value(QStringLiteral("order")).toString() != QStringLiteral("asc");
    // toInt() would turn a limit beyond int (valid JSON integer) into 0; clamping keeps the slice meaning.
    const int limit =
        int(std::clamp(args.value(QStringLiteral("limit")).toDouble(), double(INT_MIN), double(INT_MAX)));
    const QString pattern = args.value(QStringLiteral("pattern")).toString();

    // The walk stops as soon as the call is cancelled, not just its result.
    const std::shared_ptr<const std::atomic_bool> cancel = call->cancelToken();
    ToolSupport::finishInPool(call, context, [=]() -> Result<QJsonObject> {
        const Result<QList<FileEntry>> files = folder.list(pattern, extensions, sortBy, descending, limit, cancel.get());
        if (!files)
            return files.error();
        QJsonArray data;
        for (const FileEntry &entry : *files) {
            QString type = types.isEmpty() ? QString() : types.last().first;
            for (const auto &[name, exts] : types)
                if (exts.contains(entry.suffix))
                    type = name;
            data.append(QJsonObject{{QStringLiteral("filename"), entry.filename},
                                    {QStringLiteral("size_bytes"), entry.sizeBytes},
                                    {QStringLiteral("modified_timestamp"), entry.modifiedTimestamp},
                                    {QStringLiteral("file_type"), type}});
        }
        return QJsonObject{{QStringLiteral("data"), data}};
    });
}

} // namespace Sanzaru::Core
