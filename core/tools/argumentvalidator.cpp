// SPDX-License-Identifier: MIT
#include "argumentvalidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <cmath>

namespace Sanzaru::Core {

namespace {

QString jsonTypeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == std::floor(d) && std::abs(d) < 9.0e15 ? QStringLiteral("integer")
                                                          : QStringLiteral("number");
    }
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("undefined");
    }
}

QStringList allowedTypes(const QJsonObject &schema)
{
    const QJsonValue t = schema.value(QStringLiteral("type"));
    if (t.isString())
        return {t.toString()};
    QStringList out;
    for (const QJsonValue &v : t.toArray())
        out.append(v.toString());
    return out;
}

bool typeMatches(const QStringList &types, const QString &actual)
{
    if (types.isEmpty() || types.contains(actual))
        return true;
    return actual == QStringLiteral("integer") && types.contains(QStringLiteral("number"));
}

QString show(const QJsonValue &v)
{
    if (v.isString())
        return QLatin1Char('"') + v.toString().left(80) + QLatin1Char('"');
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)).left(80);
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)).left(80);
    if (v.isNull())
        return QStringLiteral("null");
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::number(v.toDouble(), 'g', 17);
}

// Returns an empty string when valid; otherwise the problem, phrased for the caller.
QString check(const QString &name, const QJsonObject &schema, QJsonValue &value)
{
    const QStringList types = allowedTypes(schema);
    QString actual = jsonTypeOf(value);
    // FastMCP parses a JSON string first when the parameter is not a string.
    if (actual == QStringLiteral("string") && !types.isEmpty() && !types.contains(QStringLiteral("string"))) {
        const QByteArray text = value.toString().toUtf8();
        const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]");
        if (doc.isArray() && doc.array().size() == 1) {
            const QJsonValue parsed = doc.array().at(0);
            if (typeMatches(types, jsonTypeOf(parsed))) {
                value = parsed;
                actual = jsonTypeOf(value);
            }
        }
    }
    if (!typeMatches(types, actual))
        return QStringLiteral("'%1' must be of type %2, got %3 %4")
            .arg(name, types.join(QStringLiteral(" or ")), actual, show(value));
    const QJsonArray allowed = schema.value(QStringLiteral("enum")).toArray();
    if (!allowed.isEmpty() && !allowed.contains(value)) {
        QStringList options;
        for (const QJsonValue &a : allowed)
            if (!a.isNull())
                options.append(show(a));
        return QStringLiteral("'%1' must be one of %2, got %3")
            .arg(name, options.join(QStringLiteral(", ")), show(value));
    }
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (schema.contains(QStringLiteral("minimum")) &&
            d < schema.value(QStringLiteral("minimum")).toDouble())
            return QStringLiteral("'%1' must be at least %2, got %3")
                .arg(name, show(schema.value(QStringLiteral("minimum"))), show(value));
        if (schema.contains(QStringLiteral("maximum")) &&
            d > schema.value(QStringLiteral("maximum")).toDouble())
            return QStringLiteral("'%1' must be at most %2, got %3")
                .arg(name, show(schema.value(QStringLiteral("maximum"))), show(value));
    }
    if (value.isArray()) {
        QJsonArray items = value.toArray();
        const QJsonObject itemSchema = schema.value(QStringLiteral("items")).toObject();
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonValue item = items.at(i);
            const QString problem = check(QStringLiteral("%1[%2]").arg(name).arg(i), itemSchema, item);
            if (!problem.isEmpty())
                return problem;
            items.replace(i, item);
        }
        value = items;
    }
    if (value.isObject() && schema.contains(QStringLiteral("properties"))) {
        QJsonObject obj = value.toObject();
        const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
        for (const QJsonValue &req : schema.value(QStringLiteral("required")).toArray())
            if (!obj.contains(req.toString()))
                return QStringLiteral("'%1' is missing the required key '%2'").arg(name, req.toString());
        const QJsonArray required = schema.value(QStringLiteral("required")).toArray();
        // Also keys the schema leaves open (tool_config passes them on): null is never sent.
        for (const QString &key : obj.keys())
            if (obj.value(key).isNull() && !required.contains(key))
                obj.remove(key);
        for (auto it = props.begin(); it != props.end(); ++it) {
            if (!obj.contains(it.key()))
                continue;
            QJsonValue v = obj.value(it.key());
            const QString problem = check(name + QLatin1Char('.') + it.key(), it.value().toObject(), v);
            if (!problem.isEmpty())
                return problem;
            if (v.isNull() && !required.contains(it.key()))
                obj.remove(it.key()); // the string "null" parsed for a non-string parameter
            else
                obj.insert(it.key(), v);
        }
        value = obj;
    }
    return {};
}

} // namespace

Result<QJsonObject> ArgumentValidator::validate(const QString &toolName, const QJsonObject &schema,
                                                const QJsonObject &arguments)
{
    const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
    const QJsonArray required = schema.value(QStringLiteral("required")).toArray();
    QStringList problems;
    for (const QJsonValue &req : required) {
        const QJsonValue v = arguments.value(req.toString());
        if (v.isUndefined() || v.isNull())
            problems.append(QStringLiteral("'%1' is required").arg(req.toString()));
    }
    QJsonObject out;
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QJsonObject propSchema = it.value().toObject();
        QJsonValue v = arguments.value(it.key());
        if (v.isUndefined() || (v.isNull() && !required.contains(it.key()))) {
            if (propSchema.contains(QStringLiteral("default")))
                out.insert(it.key(), propSchema.value(QStringLiteral("default")));
            continue;
        }
        const QString problem = check(it.key(), propSchema, v);
        if (!problem.isEmpty())
            problems.append(problem);
        else if (v.isNull() && !required.contains(it.key()) && propSchema.contains(QStringLiteral("default")))
            out.insert(it.key(), propSchema.value(QStringLiteral("default")));
        else if (!v.isNull() || required.contains(it.key()))
            out.insert(it.key(), v);
    }
    if (!problems.isEmpty())
        return Error::badInput(QStringLiteral("Invalid arguments for %1: %2")
                                   .arg(toolName, problems.join(QStringLiteral("; "))));
    return out;
}

} // namespace Sanzaru::Core
